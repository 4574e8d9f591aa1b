package dev.hsu.tests.tck;

class MacOsAccountingConformanceTest extends AccountingConformance {
    @Override
    protected TckTarget target() {
        return Targets.MACOS;
    }
}
