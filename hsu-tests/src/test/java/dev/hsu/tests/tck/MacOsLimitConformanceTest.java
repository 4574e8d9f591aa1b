package dev.hsu.tests.tck;

class MacOsLimitConformanceTest extends LimitConformance {
    @Override
    protected TckTarget target() {
        return Targets.MACOS;
    }
}
