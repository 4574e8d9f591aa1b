package dev.hsu.app.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against no master; its exchanges with a real one are in {@link ControlApiTest}. */
class ControlClientTest {

    @TempDir
    Path tmp;

    private static String expected(StateDirectory d) {
        return "no HSU master is running on state directory " + d + " (start one with `hsu run FILE` or point"
                + " --state-dir/HSU_STATE_DIR at it)";
    }

    @Test
    void noDirectoryMeansNoMaster() {
        StateDirectory d = new StateDirectory(tmp.resolve("nothing-here"));
        MasterNotRunningException e = assertThrows(MasterNotRunningException.class,
                () -> new ControlClient(d).send("GET", "/v1/units", null));
        assertEquals(expected(d), e.getMessage());
    }

    @Test
    void aStaleSocketMeansNoMaster() throws IOException {
        StateDirectory d = new StateDirectory(tmp.resolve("state"));
        d.ensureExists();
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(d.socketFile()));
        }
        MasterNotRunningException e = assertThrows(MasterNotRunningException.class,
                () -> new ControlClient(d).send("GET", "/v1/units", null));
        assertEquals(expected(d), e.getMessage());
    }

    @Test
    void aSocketOfAnotherUserIsNotTrusted() throws IOException {
        StateDirectory d = new StateDirectory(tmp.resolve("state"));
        d.ensureExists();
        try (ServerSocketChannel someone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            someone.bind(UnixDomainSocketAddress.of(d.socketFile()));
            if (((Number) Files.getAttribute(d.socketFile(), "unix:uid")).longValue() == 0) {
                // root's sockets are trusted by everyone: give it to an ordinary user
                Files.setAttribute(d.socketFile(), "unix:uid", 65534);
            }
            long owner = ((Number) Files.getAttribute(d.socketFile(), "unix:uid")).longValue();
            long stranger = owner + 4242;
            // the owner itself, and root, trust it
            ControlClient.checkOwner(d.socketFile(), owner);
            ControlClient.checkOwner(d.socketFile(), 0);
            IOException e = assertThrows(IOException.class, () -> ControlClient.checkOwner(d.socketFile(), stranger));
            assertTrue(e.getMessage().contains("belongs to uid " + owner + ", not to you (uid " + stranger + ")"),
                    e.getMessage());
        }
    }

    @Test
    void aMasterThatNeverAnswersTimesOut() throws IOException {
        StateDirectory d = new StateDirectory(tmp.resolve("state"));
        d.ensureExists();
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(d.socketFile()));
            IOException e = assertThrows(IOException.class,
                    () -> new ControlClient(d, Duration.ofMillis(300)).send("GET", "/v1/units", null));
            assertEquals("the HSU master on " + d + " did not answer GET /v1/units within 300 ms", e.getMessage());
        }
    }
}
