package dev.hsu.app.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the bearer token of the control API's TCP listener from its file. Stateless.
 */
public final class TokenFile {
    /** Shorter tokens are refused: they can be guessed. */
    public static final int MIN_LENGTH = 16;

    private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);

    private TokenFile() {
    }

    /**
     * The file's content without surrounding whitespace. Warns when others than its owner may
     * read it.
     *
     * @throws IOException naming the file, when it cannot be read or the token is too short
     */
    public static String read(Path file) throws IOException {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IOException("cannot read the control API token file " + file + ": " + e.getMessage(), e);
        }
        if (token.length() < MIN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
            throw new IOException("the control API token in " + file + " must be one word of at least " + MIN_LENGTH
                    + " characters; generate one with: head -c 32 /dev/urandom | base64 > " + file);
        }
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("the control API token file {} is readable by other users; chmod 600 it", file);
            }
        }
        return token;
    }
}
