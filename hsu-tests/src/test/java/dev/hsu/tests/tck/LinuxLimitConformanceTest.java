package dev.hsu.tests.tck;

class LinuxLimitConformanceTest extends LimitConformance {
    @Override
    protected TckTarget target() {
        return Targets.LINUX;
    }
}
