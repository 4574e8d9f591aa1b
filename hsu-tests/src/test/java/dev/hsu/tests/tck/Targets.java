package dev.hsu.tests.tck;

import dev.hsu.linux.LinuxPlatformProvider;
import dev.hsu.macos.MacOsPlatformProvider;
import dev.hsu.windows.WindowsPlatformProvider;

/** The three built-in adapters as the kit sees them. Each runs on its own OS and is skipped elsewhere. */
final class Targets {
    static final TckTarget LINUX = new TckTarget("linux", "Linux", LinuxPlatformProvider::new, PosixShellCommands::new);
    static final TckTarget MACOS = new TckTarget("macos", "Mac OS", MacOsPlatformProvider::new, PosixShellCommands::new);
    static final TckTarget WINDOWS = new TckTarget("windows", "Windows", WindowsPlatformProvider::new,
            WindowsCommands::new);

    private Targets() {
    }
}
