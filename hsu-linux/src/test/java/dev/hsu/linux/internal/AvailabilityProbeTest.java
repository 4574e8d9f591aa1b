package dev.hsu.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AvailabilityProbeTest {

    @Test
    void anotherOperatingSystemIsTheCause() {
        Throwable cause = AvailabilityProbe.probe("Windows 11", "amd64");
        assertEquals("this host runs Windows 11, not Linux", cause.getMessage());
    }

    @Test
    void anUnsupportedArchitectureIsTheCause() {
        Throwable cause = AvailabilityProbe.probe("Linux", "mips");
        assertTrue(cause.getMessage().contains("x86_64 and aarch64, not mips"), cause.getMessage());
    }

    @Test
    void thisHostPassesEveryCheck() {
        assertNull(AvailabilityProbe.probe("Linux", System.getProperty("os.arch")));
        assertTrue(AvailabilityProbe.unavailabilityCause().isEmpty());
    }

    @Test
    void epollEventLayoutsDifferByArchitecture() {
        assertEquals(new Arch("x86_64", 12, 4), Arch.of("amd64").orElseThrow());
        assertEquals(new Arch("aarch64", 16, 8), Arch.of("aarch64").orElseThrow());
        assertTrue(Arch.of("riscv64").isEmpty());
    }
}
