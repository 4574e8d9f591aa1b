package dev.hsu.tests.tck;

class WindowsSignalConformanceTest extends SignalConformance {
    @Override
    protected TckTarget target() {
        return Targets.WINDOWS;
    }
}
