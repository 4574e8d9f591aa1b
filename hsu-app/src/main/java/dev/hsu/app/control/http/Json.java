package dev.hsu.app.control.http;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Jackson {@link ObjectMapper} of the master's control API, built on first use.
 *
 * <p>Why lazily: an ObjectMapper loads about 300 classes of jackson-databind (about 2 MB of
 * metadata and 20 ms), and a master that nobody queries never needs them. Reading the YAML
 * file and writing the unit state use Jackson's streaming API only.
 *
 * <p>Thread-safety: the mapper is thread-safe as configured here; callers must not reconfigure it.
 */
public final class Json {
    private Json() {
    }

    /** The shared mapper, created on the first call. */
    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    /** Initialized by the JVM on first access, so the mapper is built once and safely published. */
    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
