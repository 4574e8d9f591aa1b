package dev.hsu.tests.tck;

class WindowsProviderConformanceTest extends ProviderConformance {
    @Override
    protected TckTarget target() {
        return Targets.WINDOWS;
    }
}
