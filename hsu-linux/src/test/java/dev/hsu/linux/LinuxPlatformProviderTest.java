package dev.hsu.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.linux.internal.LinuxCgroups;
import dev.hsu.linux.internal.cgroup.CgroupHost;
import dev.hsu.linux.internal.cgroup.Controller;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.PlatformProvider;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.Signal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LinuxPlatformProviderTest {

    @Test
    void isRegisteredForServiceLoader() {
        assertTrue(ServiceLoader.load(PlatformProvider.class).stream()
                .anyMatch(p -> p.type() == LinuxPlatformProvider.class));
    }

    @Test
    void identifiesItself() {
        LinuxPlatformProvider provider = new LinuxPlatformProvider();
        assertEquals("linux", provider.id());
        assertEquals(100, provider.priority());
    }

    @Test
    void isAvailableOnThisLinuxHostAndKeepsTheAnswer() {
        LinuxPlatformProvider provider = new LinuxPlatformProvider();
        assertTrue(provider.isAvailable(), () -> "unavailable: " + provider.unavailabilityCause());
        assertTrue(provider.unavailabilityCause().isEmpty());
        assertTrue(new LinuxPlatformProvider().isAvailable());
        provider.ensureAvailability();
    }

    @Test
    void declaresWhatThisHostsCgroupsAllowAllSignalsAndTheTreeKill() {
        PlatformCapabilities caps = new LinuxPlatformProvider().capabilities();
        CgroupHost host = LinuxCgroups.host();
        Set<LimitKind> expected = EnumSet.of(LimitKind.MAX_OPEN_FILES, LimitKind.MAX_PROCESSES);
        if (host.usable()) {
            Set<Controller> usable = host.usableControllers();
            if (usable.contains(Controller.MEMORY)) {
                expected.add(LimitKind.MEMORY);
            }
            if (usable.contains(Controller.CPU)) {
                expected.addAll(EnumSet.of(LimitKind.CPU, LimitKind.CPU_SHARES));
            }
        }
        assertTrue(caps.enforceableLimits().containsAll(expected), caps.enforceableLimits() + " lacks some of " + expected);
        assertEquals(EnumSet.allOf(Signal.class), caps.signals());
        assertEquals(host.usable(), caps.treeKill());
        assertTrue(caps.notes().get(0).startsWith("cgroups: " + host.layout()), caps.notes().toString());
        for (LimitKind kind : LimitKind.values()) {
            if (!caps.enforceableLimits().contains(kind)) {
                assertTrue(caps.notes().stream().anyMatch(n -> n.startsWith(kind.configKey() + ": ")),
                        "no reason given for " + kind + " in " + caps.notes());
            }
        }
    }

    @Test
    void portsAreMadeOnceAndWorkEndToEnd() throws Exception {
        LinuxPlatformProvider provider = new LinuxPlatformProvider();
        assertSame(provider.launcher(), provider.launcher());
        assertSame(provider.signaller(), provider.signaller());
        var confinement = provider.limiter().confine("e2e", ResourceLimits.builder().maxOpenFiles(100L).build());
        LaunchedProcess p = provider.launcher().launch(new LaunchSpec("e2e", "sleep", List.of("1000"),
                Map.of("PATH", "/usr/bin:/bin"), null, OutputTarget.discard(), OutputTarget.discard(), null,
                confinement));
        try {
            assertSame(confinement, p.confinement());
            assertTrue(p.isAlive());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> provider.meter().sample(p).processes() == 1
                            && provider.meter().sample(p).memoryBytes() > 0);
        } finally {
            assertEquals(1, provider.signaller().killTree(p));
        }
        assertEquals(new ExitStatus.Killed(9, Signal.KILL, false), p.onExit().get(10, TimeUnit.SECONDS));
    }
}
