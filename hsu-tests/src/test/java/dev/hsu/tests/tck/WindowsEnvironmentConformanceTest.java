package dev.hsu.tests.tck;

class WindowsEnvironmentConformanceTest extends EnvironmentConformance {
    @Override
    protected TckTarget target() {
        return Targets.WINDOWS;
    }
}
