package dev.hsu.tests.tck;

class MacOsLaunchConformanceTest extends LaunchConformance {
    @Override
    protected TckTarget target() {
        return Targets.MACOS;
    }
}
