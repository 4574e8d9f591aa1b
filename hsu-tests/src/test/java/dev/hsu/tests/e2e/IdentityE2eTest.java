package dev.hsu.tests.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.app.config.Accounts;
import dev.hsu.app.config.ConfigLoader;
import dev.hsu.app.config.LoadedConfig;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.spi.LaunchFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Units run as other users, with a umask and their own PATH, from YAML through the real loader,
 * master and Linux adapter; the children's own {@code /proc/self/status} is the witness.
 */
class IdentityE2eTest extends E2eSupport {

    private void assumeRoot() {
        assumeTrue(master.platform().capabilities().launchFeatures().contains(LaunchFeature.SWITCH_USER),
                () -> "needs a master that can switch users: " + master.platform().capabilities().notes());
    }

    private List<ManagedUnit> load(String yaml, Accounts accounts) throws Exception {
        Path file = Files.writeString(dir.resolve("hsu.yaml"), yaml);
        LoadedConfig config = new ConfigLoader(() -> master.platform().capabilities(), System.getenv(), accounts)
                .load(file);
        config.units().forEach(master::register);
        return config.units();
    }

    /** The console lines of {@code unit}'s stdout, once it has exited. */
    private List<String> outputOf(String unit) {
        UnitStatus s = awaitState(unit, UnitState.EXITED);
        assertEquals("exit code 0", s.lastExit().describe(), () -> s + "\n" + console);
        String prefix = unit + " STDOUT ";
        await().atMost(WAIT).until(() -> console.stream().anyMatch(l -> l.equals(prefix + "END")));
        return console.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    private static String line(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " in " + lines));
    }

    @Test
    void nobodyHasNobodysIdsAllThreeOfThemItsGroupsHomeAndUserAndTheUmask() throws Exception {
        assumeRoot();
        Accounts system = Accounts.system();
        // The unit (not root) must reach a directory to create its file in.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        load("""
                units:
                  as-nobody:
                    executable: /bin/sh
                    args: [-c, 'cat /proc/self/status; echo "HOME=$HOME"; echo "USER=$USER"; echo "LOGNAME=$LOGNAME"; : > "$0"/made; echo END', "%s"]
                    user: nobody
                    umask: "027"
                    restart: {policy: never}
                """.formatted(shared), system);
        master.start("as-nobody");
        List<String> out = outputOf("as-nobody");

        String[] passwd = Files.readAllLines(Path.of("/etc/passwd")).stream().filter(l -> l.startsWith("nobody:"))
                .findFirst().orElseThrow().split(":");
        String uid = passwd[2];
        String gid = passwd[3];
        assertEquals("Uid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid, line(out, "Uid:"), "real, effective, saved, fs");
        assertEquals("Gid:\t" + gid + "\t" + gid + "\t" + gid + "\t" + gid, line(out, "Gid:"));
        String groups = String.join(" ", Files.readAllLines(Path.of("/etc/group")).stream()
                .map(l -> l.split(":", -1))
                .filter(g -> g[2].equals(gid) || List.of(g.length > 3 ? g[3].split(",") : new String[0]).contains("nobody"))
                .map(g -> g[2]).distinct().toList());
        assertEquals("Groups:\t" + groups, line(out, "Groups:").strip().replace("Groups: ", "Groups:\t"));
        assertEquals("CapEff:\t0000000000000000", line(out, "CapEff:"));
        assertEquals("HOME=" + passwd[5], line(out, "HOME="));
        assertEquals("USER=nobody", line(out, "USER="));
        assertEquals("LOGNAME=nobody", line(out, "LOGNAME="));
        assertEquals("Umask:\t0027", line(out, "Umask:"));
        Path made = shared.resolve("made");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)));
        assertEquals(Integer.parseInt(uid), (Integer) Files.getAttribute(made, "unix:uid"));
    }

    @Test
    void anAccountFromTheAccountFilesGetsExactlyItsGroupsAndTheUnitsEnvironmentBeatsTheAccount() throws Exception {
        assumeRoot();
        Path passwd = Files.writeString(dir.resolve("passwd"), "svc:x:4242:4243:Service:/srv/svc:/bin/dash\n");
        Path group = Files.writeString(dir.resolve("group"), "svc:x:4243:\nssl:x:4244:other,svc\nnot:x:4245:x\n"
                + "audio:x:4246:svc\n");
        load("""
                units:
                  svc:
                    executable: /bin/sh
                    args: [-c, 'grep -E "^(Uid|Gid|Groups):" /proc/self/status; echo "HOME=$HOME SHELL=$SHELL USER=$USER"; echo END']
                    user: svc
                    environment: {HOME: /override}
                    restart: {policy: never}
                  svc-explicit:
                    executable: /bin/sh
                    args: [-c, 'grep -E "^(Gid|Groups):" /proc/self/status; echo END']
                    user: svc
                    group: audio
                    supplementary_groups: [ssl, 4999]
                    restart: {policy: never}
                """, new Accounts(passwd, group));
        master.start("svc");
        master.start("svc-explicit");
        List<String> out = outputOf("svc");
        assertEquals("Uid:\t4242\t4242\t4242\t4242", line(out, "Uid:"));
        assertEquals("Gid:\t4243\t4243\t4243\t4243", line(out, "Gid:"));
        assertEquals("Groups:\t4243 4244 4246", line(out, "Groups:").strip());
        assertEquals("HOME=/override SHELL=/bin/dash USER=svc", line(out, "HOME="));
        List<String> explicit = outputOf("svc-explicit");
        assertEquals("Gid:\t4246\t4246\t4246\t4246", line(explicit, "Gid:"));
        assertEquals("Groups:\t4244 4999", line(explicit, "Groups:").strip());
    }

    @Test
    void aBareExecutableIsSearchedInTheUnitsOwnPathAndNotFoundNamesThatPath() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("own bin"));
        Path tool = Files.writeString(bin.resolve("hsu-e2e-only-here"), "#!/bin/sh\necho \"found $0\"\necho END\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        load("""
                units:
                  found:
                    executable: hsu-e2e-only-here
                    environment: {PATH: "%s:${PATH}"}
                    restart: {policy: never}
                  not-found:
                    executable: hsu-e2e-only-here
                    environment: {PATH: "%s"}
                    restart: {policy: never}
                  master-path:
                    executable: hsu-e2e-only-here
                    restart: {policy: never}
                """.formatted(bin, empty), Accounts.system());
        master.start("found");
        assertEquals("found " + tool, line(outputOf("found"), "found "));

        UnitStatus missing = join(master.start("not-found"));
        assertEquals(UnitState.FAILED, missing.state());
        assertTrue(missing.reason().contains("executable 'hsu-e2e-only-here' not found in PATH " + empty
                + " (from the unit's environment)"), missing.reason());
        UnitStatus inherited = join(master.start("master-path"));
        assertEquals(UnitState.FAILED, inherited.state(), "the master's PATH does not have it");
        assertTrue(inherited.reason().contains("not found in PATH " + System.getenv("PATH")), inherited.reason());
    }
}
