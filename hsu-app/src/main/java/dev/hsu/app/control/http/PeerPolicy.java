package dev.hsu.app.control.http;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import java.util.Objects;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Decides whether the process at the other end of a Unix domain socket may use the control API:
 * only the socket's owner and root may. The file mode 0600 and the 0700 directory already keep
 * others out; this check holds even when someone loosens those modes. Immutable, thread-safe.
 *
 * <p>Platform note: reads the peer's credentials with {@code SO_PEERCRED} (Linux) /
 * {@code LOCAL_PEERCRED} (macOS) through {@link ExtendedSocketOptions#SO_PEERCRED}. Windows
 * offers no peer credentials on AF_UNIX sockets; there the check admits every peer and the
 * socket file's ACL is the only guard.
 */
public final class PeerPolicy {

    private final UserPrincipal owner;
    private final UserPrincipal root;

    /**
     * @param owner the user allowed besides root, normally the owner of the socket file
     */
    public PeerPolicy(UserPrincipal owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.root = lookUpRoot();
    }

    /**
     * @return empty when the peer may proceed, else the reason for refusing it
     */
    public Optional<String> refusal(SocketChannel peer) {
        UnixDomainPrincipal credentials;
        try {
            credentials = peer.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (UnsupportedOperationException noPeerCredentials) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("the peer's credentials could not be read (" + e.getMessage() + ")");
        }
        UserPrincipal user = credentials.user();
        if (user.equals(owner) || (root != null && user.equals(root))) {
            return Optional.empty();
        }
        return Optional.of("user " + user.getName() + " may not use this HSU master: only its owner ("
                + owner.getName() + ") and root may");
    }

    private static UserPrincipal lookUpRoot() {
        try {
            // a numeric name is taken as a uid when no user has that name
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("0");
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
