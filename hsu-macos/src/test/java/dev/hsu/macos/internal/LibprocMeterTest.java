package dev.hsu.macos.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hsu.spi.ResourceUsage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LibprocMeterTest {
    private final MacHarness h = new MacHarness();
    private final DarwinMocks mac = h.mac;

    LibprocMeterTest() throws Exception {
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aSampleSumsTheTreeAndConvertsMachTicks() throws Exception {
        MacProcess p = h.spec("sleep").launch();
        DarwinMocks.Proc main = h.fake(p);
        DarwinMocks.Proc child = main.spawn(true);
        main.cpuTicks = 3_000; // user and system each: 6000 ticks × 125/3 = 250000 ns
        child.cpuTicks = 300;
        main.rss = 10 << 20;
        child.rss = 2 << 20;
        main.threads = 3;
        child.threads = 1;
        main.openFds = 5;
        child.openFds = 3;
        ResourceUsage u = h.meter.sample(p);
        assertEquals(new ResourceUsage(250_000 + 25_000, 12 << 20, 20 << 20, 2, 4, 8, 200, 400), u);
    }

    @Test
    void machTicksAreNanosecondsTimesTheTimebaseWithoutOverflow() {
        LibprocMeter appleSilicon = new LibprocMeter(h.proc, 125, 3);
        assertEquals(125, appleSilicon.nanos(3));
        assertEquals(41, appleSilicon.nanos(1));
        long ticks = Long.MAX_VALUE / 125; // ticks × 125 would overflow a long
        java.math.BigInteger exact = java.math.BigInteger.valueOf(ticks).multiply(java.math.BigInteger.valueOf(125))
                .divide(java.math.BigInteger.valueOf(3));
        assertEquals(exact.longValueExact(), appleSilicon.nanos(ticks));
        assertEquals(12345, new LibprocMeter(h.proc, 1, 1).nanos(12345), "Intel: ticks are nanoseconds");
    }

    @Test
    void anEndedUnitSamplesAsNone() throws Exception {
        MacProcess p = h.spec("sleep").launch();
        h.fake(p).exit(0);
        p.onExit().get(5, TimeUnit.SECONDS);
        assertEquals(ResourceUsage.NONE, h.meter.sample(p));
    }
}
