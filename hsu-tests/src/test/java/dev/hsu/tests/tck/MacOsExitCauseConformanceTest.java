package dev.hsu.tests.tck;

class MacOsExitCauseConformanceTest extends ExitCauseConformance {
    @Override
    protected TckTarget target() {
        return Targets.MACOS;
    }
}
