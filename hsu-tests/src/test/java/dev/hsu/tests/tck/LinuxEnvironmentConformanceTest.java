package dev.hsu.tests.tck;

class LinuxEnvironmentConformanceTest extends EnvironmentConformance {
    @Override
    protected TckTarget target() {
        return Targets.LINUX;
    }
}
