package dev.hsu.tests.tck;

class WindowsAccountingConformanceTest extends AccountingConformance {
    @Override
    protected TckTarget target() {
        return Targets.WINDOWS;
    }
}
