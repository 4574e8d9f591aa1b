package dev.hsu.tests.tck;

class WindowsExitCauseConformanceTest extends ExitCauseConformance {
    @Override
    protected TckTarget target() {
        return Targets.WINDOWS;
    }
}
