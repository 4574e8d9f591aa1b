package dev.hsu.tests.tck;

class LinuxProviderConformanceTest extends ProviderConformance {
    @Override
    protected TckTarget target() {
        return Targets.LINUX;
    }
}
