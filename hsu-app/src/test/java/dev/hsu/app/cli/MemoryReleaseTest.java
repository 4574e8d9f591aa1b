package dev.hsu.app.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MemoryReleaseTest {

    /** glibc's malloc_trim returns 1 when it gave memory back: after freeing a large heap of small blocks it must. */
    @Test
    void trimsTheCHeapOnGlibc() throws IOException {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux only");
        assumeTrue(usesGlibc(), "glibc only (musl has no malloc_trim)");
        // Native allocations freed again: a burst of direct byte buffers' worth of C heap through JNA.
        com.sun.jna.Memory[] blocks = new com.sun.jna.Memory[20_000];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new com.sun.jna.Memory(512);
        }
        for (com.sun.jna.Memory m : blocks) {
            m.close();
        }
        assertTrue(MemoryRelease.trimNativeHeap(), "malloc_trim(0) returned no memory after 10 MB were freed");
    }

    private static boolean usesGlibc() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.contains("libc.so.6")) {
                return true;
            }
        }
        return false;
    }
}
