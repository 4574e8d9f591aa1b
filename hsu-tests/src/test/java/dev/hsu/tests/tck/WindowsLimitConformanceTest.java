package dev.hsu.tests.tck;

class WindowsLimitConformanceTest extends LimitConformance {
    @Override
    protected TckTarget target() {
        return Targets.WINDOWS;
    }
}
