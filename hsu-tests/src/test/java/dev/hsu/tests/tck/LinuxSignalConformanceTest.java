package dev.hsu.tests.tck;

class LinuxSignalConformanceTest extends SignalConformance {
    @Override
    protected TckTarget target() {
        return Targets.LINUX;
    }
}
