package dev.hsu.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.linux.internal.cgroup.Fixture;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchFeature;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.ProcessIdentity;
import dev.hsu.spi.ResourceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Units run as another user (setpriv in the exec trampoline) and with a umask, for real: the
 * child's own {@code /proc/self/status} is the witness. The ids need no account: the kernel
 * takes any number.
 */
class IdentityLaunchTest {
    private static final ProcessIdentity ALICE = new ProcessIdentity(4242, 4243, List.of(4243, 4244, 4245));

    private final Children children = new Children();

    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() throws Exception {
        children.cleanUp();
    }

    private static boolean root() {
        return IdentitySwitch.system().available();
    }

    private String run(dev.hsu.spi.LaunchSpec spec, CollectingSink out) throws Exception {
        LaunchedProcess p = children.launch(spec);
        ExitStatus status = p.onExit().get(10, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(out::isClosed);
        assertEquals(new ExitStatus.Exited(0), status, out.text());
        return out.text();
    }

    @Test
    void theProgramRunsWithExactlyTheRequestedRealEffectiveAndSavedIdsAndGroups() throws Exception {
        assumeTrue(root(), "needs a root master: " + IdentitySwitch.system().unavailable());
        CollectingSink out = new CollectingSink();
        String status = run(Specs.run("/bin/cat", "/proc/self/status").stdout(new OutputTarget.Capture(out))
                .build().withIdentity(ALICE, null), out);
        assertTrue(status.contains("\nUid:\t4242\t4242\t4242\t4242\n"), status);
        assertTrue(status.contains("\nGid:\t4243\t4243\t4243\t4243\n"), status);
        assertTrue(status.contains("\nGroups:\t4243 4244 4245 \n"), status);
        assertTrue(status.contains("\nCapEff:\t0000000000000000\n"), "no capability left: " + status);
    }

    @Test
    void noSupplementaryGroupsMeansNone() throws Exception {
        assumeTrue(root(), "needs a root master");
        CollectingSink out = new CollectingSink();
        String status = run(Specs.run("/bin/cat", "/proc/self/status").stdout(new OutputTarget.Capture(out))
                .build().withIdentity(new ProcessIdentity(4242, 4243, List.of()), null), out);
        String groups = status.lines().filter(l -> l.startsWith("Groups:")).findFirst().orElseThrow();
        assertEquals("", groups.substring("Groups:".length()).trim(), status);
    }

    @Test
    void limitsNicenessAndCgroupAreAppliedBeforeTheSwitch() throws Exception {
        assumeTrue(root(), "needs a root master");
        CollectingSink out = new CollectingSink();
        // A negative niceness needs CAP_SYS_NICE, which the unit's user lacks: it must come first.
        String text = run(Specs.sh("ulimit -Hn; id -u; cut -d' ' -f19 /proc/self/stat")
                .limits(ResourceLimits.builder().maxOpenFiles(777L).build()).niceness(-5)
                .stdout(new OutputTarget.Capture(out)).build().withIdentity(ALICE, null), out);
        assertEquals(List.of("777", "4242", "-5"), text.lines().toList());
    }

    @Test
    void theUmaskShowsInTheModeOfACreatedFile() throws Exception {
        Path file = tmp.resolve("made");
        CollectingSink out = new CollectingSink();
        run(Specs.sh("umask; : > \"$1\"", file.toString()).stdout(new OutputTarget.Capture(out)).build()
                .withIdentity(null, 027), out);
        assertEquals("0027", out.text().trim());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aMasterWithoutSetuidCapabilitiesCannotSwitchAndSaysWhy() throws Exception {
        Path status = tmp.resolve("status");
        Files.writeString(status, "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\n");
        Path setpriv = Files.writeString(tmp.resolve("setpriv"), "");
        IdentitySwitch none = IdentitySwitch.detect(status, List.of(setpriv));
        assertFalse(none.available());
        assertTrue(none.unavailable().contains("uid 1000, not root"), none.unavailable());
        LaunchException e = assertThrows(LaunchException.class, () -> none.command("web", ALICE));
        assertTrue(e.getMessage().startsWith("unit web: cannot run as uid=4242 gid=4243 groups=4243,4244,4245"),
                e.getMessage());

        PlatformCapabilities caps = LinuxCapabilities.of(Fixture.pureV2Root(tmp.resolve("root")).detect()).toSpi(none);
        assertEquals(java.util.Set.of(LaunchFeature.UMASK), caps.launchFeatures());
        assertTrue(caps.notes().stream().anyMatch(n -> n.startsWith("user: the master runs as uid 1000")),
                caps.notes().toString());
    }

    @Test
    void rootWithSetprivCanSwitchAndTheCommandCarriesEveryId() throws Exception {
        Path status = tmp.resolve("status");
        Files.writeString(status, "Uid:\t0\t0\t0\t0\nCapEff:\t000001ffffffffff\n");
        Path setpriv = Files.writeString(tmp.resolve("setpriv"), "");
        Files.setPosixFilePermissions(setpriv, PosixFilePermissions.fromString("rwxr-xr-x"));
        IdentitySwitch ok = IdentitySwitch.detect(status, List.of(tmp.resolve("missing"), setpriv));
        assertNull(ok.unavailable());
        assertEquals(List.of(setpriv.toString(), "--reuid=4242", "--regid=4243", "--groups=4243,4244,4245", "--"),
                ok.command("web", ALICE));
        assertEquals(List.of(setpriv.toString(), "--reuid=1", "--regid=2", "--clear-groups", "--"),
                ok.command("web", new ProcessIdentity(1, 2, List.of())));
        PlatformCapabilities caps = LinuxCapabilities.of(Fixture.pureV2Root(tmp.resolve("root")).detect()).toSpi(ok);
        assertEquals(java.util.Set.of(LaunchFeature.UMASK, LaunchFeature.SWITCH_USER), caps.launchFeatures());

        IdentitySwitch noSetpriv = IdentitySwitch.detect(status, List.of(tmp.resolve("missing")));
        assertTrue(noSetpriv.unavailable().contains("setpriv(1) from util-linux is missing"), noSetpriv.unavailable());
    }

    @Test
    void theTrampolineExecsTheWrapperAfterNiceAndBeforeEnv() {
        ShellProfile bash = new ShellProfile("/bin/sh", "-u", false, "/usr/bin/nice", "/usr/bin/env");
        Trampoline.Invocation t = Trampoline.build(bash, List.of(new SetUmask(022)), 2,
                List.of("/usr/bin/setpriv", "--reuid=1", "--"), java.util.Map.of(), "prog", List.of("x"));
        assertTrue(t.argv().get(2).contains("umask \"$1\""), t.argv().get(2));
        assertEquals(List.of("hsu-exec", "0022", "--", "/usr/bin/nice", "-n", "2", "--", "/usr/bin/setpriv",
                "--reuid=1", "--", "/usr/bin/env", "-u", "PWD", "-u", "SHLVL", "-u", "_", "--", "prog", "x"),
                t.argv().subList(3, t.argv().size()));
    }
}
