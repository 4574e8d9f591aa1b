package dev.hsu.tests.tck;

class MacOsProviderConformanceTest extends ProviderConformance {
    @Override
    protected TckTarget target() {
        return Targets.MACOS;
    }
}
