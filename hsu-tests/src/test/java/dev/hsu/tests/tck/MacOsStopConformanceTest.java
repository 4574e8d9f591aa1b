package dev.hsu.tests.tck;

class MacOsStopConformanceTest extends StopConformance {
    @Override
    protected TckTarget target() {
        return Targets.MACOS;
    }
}
