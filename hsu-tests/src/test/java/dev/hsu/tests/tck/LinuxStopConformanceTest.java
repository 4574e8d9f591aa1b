package dev.hsu.tests.tck;

class LinuxStopConformanceTest extends StopConformance {
    @Override
    protected TckTarget target() {
        return Targets.LINUX;
    }
}
