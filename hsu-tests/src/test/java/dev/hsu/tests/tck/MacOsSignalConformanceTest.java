package dev.hsu.tests.tck;

class MacOsSignalConformanceTest extends SignalConformance {
    @Override
    protected TckTarget target() {
        return Targets.MACOS;
    }
}
