package dev.hsu.tests.tck;

class WindowsLaunchConformanceTest extends LaunchConformance {
    @Override
    protected TckTarget target() {
        return Targets.WINDOWS;
    }
}
