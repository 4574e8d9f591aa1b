package dev.hsu.tests.tck;

class LinuxAccountingConformanceTest extends AccountingConformance {
    @Override
    protected TckTarget target() {
        return Targets.LINUX;
    }
}
