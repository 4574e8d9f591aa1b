package dev.hsu.linux.internal.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * A fake host below a temporary root: {@code proc/self/mountinfo}, {@code proc/self/cgroup},
 * cgroup directories with control files, {@code sys/block}. Writability is decided by a list of
 * read-only paths (the tests run as root, who could write anything).
 */
public final class Fixture implements HostAccess {
    static final long PID = 4242;

    final Path root;
    private final StringBuilder mountinfo = new StringBuilder();
    private final StringBuilder cgroup = new StringBuilder();
    private final Set<Path> readOnly = new HashSet<>();
    private int uid = 0;
    private int mountId = 30;

    public Fixture(Path root) {
        this.root = root;
    }

    /** A mountinfo line for {@code fsType} at {@code mountPoint} with {@code superOptions}. */
    public Fixture mount(String mountPoint, String mountRoot, String fsType, String superOptions) {
        mountinfo.append(mountId++).append(" 23 0:").append(mountId).append(' ').append(mountRoot).append(' ')
                .append(mountPoint).append(" rw,relatime shared:9 - ").append(fsType).append(' ').append(fsType)
                .append(' ').append(superOptions).append('\n');
        return this;
    }

    public Fixture member(String line) {
        cgroup.append(line).append('\n');
        return this;
    }

    /** Creates {@code file} (relative to the root) with {@code content}, and its directories. */
    public Fixture file(String relative, String content) {
        try {
            Path p = root.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Fixture dir(String relative) {
        try {
            Files.createDirectories(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Fixture readOnly(String relative) {
        readOnly.add(root.resolve(relative));
        return this;
    }

    public Fixture uid(int uid) {
        this.uid = uid;
        return this;
    }

    /** A block device with its scheduler line, as {@code sys/block/<name>/queue/scheduler}. */
    public Fixture disk(String name, String schedulerLine) {
        return file("sys/block/" + name + "/queue/scheduler", schedulerLine + "\n");
    }

    public CgroupHost detect() {
        file("proc/self/mountinfo", mountinfo.toString());
        file("proc/self/cgroup", cgroup.toString());
        return new CgroupDetector(root.resolve("proc/self/mountinfo"), root.resolve("proc/self/cgroup"), root, this)
                .detect();
    }

    @Override
    public boolean writable(Path path) {
        for (Path p : readOnly) {
            if (path.equals(p)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int uid() {
        return uid;
    }

    @Override
    public long pid() {
        return PID;
    }

    // ---- host shapes --------------------------------------------------------------------------

    /** Pure v2 with every controller, the master in the root cgroup (the test VM). */
    public static Fixture pureV2Root(Path root) {
        return new Fixture(root)
                .mount("/sys/fs/cgroup", "/", "cgroup2", "rw,nsdelegate,memory_recursiveprot")
                .member("0::/")
                .file("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n")
                .file("sys/fs/cgroup/cgroup.subtree_control", "cpuset cpu io memory hugetlb pids rdma misc\n")
                .file("sys/fs/cgroup/cgroup.procs", "1\n" + PID + "\n")
                .file("sys/fs/cgroup/init.scope/memory.current", "0\n")
                .file("sys/fs/cgroup/init.scope/memory.swap.max", "max\n")
                .file("sys/fs/cgroup/init.scope/io.stat", "")
                .file("sys/fs/cgroup/init.scope/io.max", "")
                .file("sys/fs/cgroup/init.scope/io.weight", "default 100\n");
    }

    /** This build machine: v1 controllers, a v2 mount without controllers, memory below /process_api/x. */
    public static Fixture hybrid(Path root) {
        Fixture f = new Fixture(root)
                .mount("/sys/fs/cgroup", "/", "tmpfs", "rw,mode=755");
        for (String c : new String[] {"cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids"}) {
            f.mount("/sys/fs/cgroup/" + c, "/", "cgroup", "rw," + c).dir("sys/fs/cgroup/" + c);
        }
        return f.mount("/sys/fs/cgroup/systemd", "/", "cgroup", "rw,name=systemd")
                .mount("/sys/fs/cgroup/unified", "/", "cgroup2", "rw")
                .member("9:name=systemd:/").member("8:pids:/").member("7:blkio:/").member("6:freezer:/")
                .member("5:devices:/").member("4:memory:/process_api/x").member("3:cpuset:/").member("2:cpuacct:/")
                .member("1:cpu:/").member("0::/")
                .file("sys/fs/cgroup/unified/cgroup.controllers", "hugetlb\n")
                .file("sys/fs/cgroup/memory/process_api/x/memory.memsw.limit_in_bytes", "9223372036854771712\n")
                .file("sys/fs/cgroup/blkio/blkio.throttle.read_bps_device", "")
                .file("sys/fs/cgroup/blkio/other/blkio.bfq.weight", "default 100\n")
                .disk("vda", "none [mq-deadline] kyber bfq");
    }
}
