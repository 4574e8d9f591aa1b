package dev.hsu.tests.tck;

class MacOsEnvironmentConformanceTest extends EnvironmentConformance {
    @Override
    protected TckTarget target() {
        return Targets.MACOS;
    }
}
