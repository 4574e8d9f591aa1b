package dev.hsu.linux.internal.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What detection needs to know about the master process itself, so that fixture trees can be
 * checked as if by another user (root may write anything, whatever a fixture's modes say).
 *
 * <p>Thread-safety: implementations are immutable.
 */
public interface HostAccess {

    /** Whether this process may write (or create entries in) {@code path}: {@code access(W_OK)}. */
    boolean writable(Path path);

    /** The master's real user id. */
    int uid();

    /** The master's process id. */
    long pid();

    /** The running JVM. */
    static HostAccess system() {
        return Jvm.INSTANCE;
    }

    /** The JVM: {@link Files#isWritable} is {@code access(2)}, which honours root's override. */
    final class Jvm implements HostAccess {
        static final Jvm INSTANCE = new Jvm();

        private Jvm() {
        }

        @Override
        public boolean writable(Path path) {
            return Files.isWritable(path);
        }

        @Override
        public int uid() {
            try {
                return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return -1;
            }
        }

        @Override
        public long pid() {
            return ProcessHandle.current().pid();
        }
    }
}
