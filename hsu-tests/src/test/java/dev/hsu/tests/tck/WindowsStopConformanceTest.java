package dev.hsu.tests.tck;

class WindowsStopConformanceTest extends StopConformance {
    @Override
    protected TckTarget target() {
        return Targets.WINDOWS;
    }
}
