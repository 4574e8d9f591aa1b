package dev.hsu.app.control;

import dev.hsu.core.Master;
import dev.hsu.core.MasterSettings;
import dev.hsu.core.Platform;
import dev.hsu.spi.PlatformProvider;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** A real master on the best available OS adapter found on the classpath. For tests. */
public final class RealMaster {

    private RealMaster() {
    }

    public static Master create(Path logDirectory) {
        List<PlatformProvider> all = ServiceLoader.load(PlatformProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        PlatformProvider provider = all.stream().filter(PlatformProvider::isAvailable)
                .max(Comparator.comparingInt(PlatformProvider::priority))
                .orElseThrow(() -> new IllegalStateException("no available platform provider on the test classpath: "
                        + all.stream().map(p -> p.id() + " (" + p.unavailabilityCause().map(Throwable::getMessage)
                        .orElse("?") + ")").collect(Collectors.joining(", "))
                        + "; install hsu-linux into ~/.m2"));
        return new Master(Platform.of(provider), new MasterSettings(System.getenv(), logDirectory, false,
                (unit, stream, line) -> { }));
    }
}
