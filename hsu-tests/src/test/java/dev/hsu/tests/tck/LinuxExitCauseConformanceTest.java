package dev.hsu.tests.tck;

class LinuxExitCauseConformanceTest extends ExitCauseConformance {
    @Override
    protected TckTarget target() {
        return Targets.LINUX;
    }
}
