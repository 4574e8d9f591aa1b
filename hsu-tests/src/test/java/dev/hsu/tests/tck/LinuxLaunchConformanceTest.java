package dev.hsu.tests.tck;

class LinuxLaunchConformanceTest extends LaunchConformance {
    @Override
    protected TckTarget target() {
        return Targets.LINUX;
    }
}
