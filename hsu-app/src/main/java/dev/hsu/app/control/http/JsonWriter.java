package dev.hsu.app.control.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes the master's control API answers as JSON with Jackson's streaming generator: maps
 * (string keys, in their order), collections and arrays, strings, numbers, booleans, null, enums
 * (by name), and records such as {@code UnitView}, whose components are named, ordered and left
 * out as their Jackson annotations say ({@link JsonProperty}, {@link JsonPropertyOrder},
 * {@link JsonInclude} {@code NON_NULL} and {@code NON_EMPTY}, on a component or on the record). Any other type is an error, never
 * a guess.
 *
 * <p>Why not Jackson's {@code ObjectMapper}: it loads about 460 classes of jackson-databind in the
 * master the first time anybody asks it anything (measured: about 4 MB resident, in a master that
 * then serves nothing else), and the class-data archive written at that master's exit carried
 * them into every later master, asked or not (a 16.6 MB archive instead of 11.8 MB, and 5 MB more
 * RSS with 500 idle units). The CLI side, a short-lived JVM, still reads answers with it.
 *
 * <p>Thread-safety: stateless; safe from any thread.
 */
public final class JsonWriter {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ClassValue<List<Property>> RECORDS = new ClassValue<>() {
        @Override
        protected List<Property> computeValue(Class<?> type) {
            return properties(type);
        }
    };

    private JsonWriter() {
    }

    /** One component of a record as it appears in JSON. */
    private record Property(String name, Method accessor, JsonInclude.Include include) {
    }

    /**
     * @throws IllegalArgumentException if {@code value} holds a type with no JSON form here
     */
    public static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            value(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Short s -> g.writeNumber(s);
            case Byte b -> g.writeNumber(b);
            case Double d -> g.writeNumber(d);
            case Float f -> g.writeNumber(f);
            case BigInteger i -> g.writeNumber(i);
            case BigDecimal d -> g.writeNumber(d);
            case Enum<?> e -> g.writeString(e.name());
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("no JSON form for a map key of " + type(e.getKey()));
                    }
                    g.writeFieldName(key);
                    value(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Collection<?> c -> {
                g.writeStartArray();
                for (Object o : c) {
                    value(g, o);
                }
                g.writeEndArray();
            }
            case Object[] a -> value(g, Arrays.asList(a));
            case Record r -> record(g, r);
            default -> throw new IllegalArgumentException("no JSON form for " + type(v));
        }
    }

    private static void record(JsonGenerator g, Record r) throws IOException {
        g.writeStartObject();
        for (Property p : RECORDS.get(r.getClass())) {
            Object v;
            try {
                v = p.accessor().invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalArgumentException("cannot read " + r.getClass().getName() + "." + p.name(), e);
            }
            if (omitted(v, p.include())) {
                continue;
            }
            g.writeFieldName(p.name());
            value(g, v);
        }
        g.writeEndObject();
    }

    private static boolean omitted(Object v, JsonInclude.Include include) {
        return switch (include) {
            case NON_NULL -> v == null;
            case NON_EMPTY -> v == null || v instanceof Collection<?> c && c.isEmpty()
                    || v instanceof Map<?, ?> m && m.isEmpty() || v instanceof String s && s.isEmpty();
            default -> false;
        };
    }

    /** The record's components: those named by {@link JsonPropertyOrder} first, in its order, then the rest. */
    private static List<Property> properties(Class<?> type) {
        List<Property> declared = new ArrayList<>();
        JsonInclude byDefault = type.getAnnotation(JsonInclude.class);
        for (RecordComponent c : type.getRecordComponents()) {
            Method accessor = c.getAccessor();
            accessor.setAccessible(true); // a public record nested in a package-private type is not accessible otherwise
            JsonProperty named = accessor.getAnnotation(JsonProperty.class);
            JsonInclude include = accessor.getAnnotation(JsonInclude.class);
            declared.add(new Property(named != null && !named.value().isEmpty() ? named.value() : c.getName(), accessor,
                    include != null ? include.value()
                            : byDefault != null ? byDefault.value() : JsonInclude.Include.ALWAYS));
        }
        JsonPropertyOrder order = type.getAnnotation(JsonPropertyOrder.class);
        if (order == null) {
            return List.copyOf(declared);
        }
        List<Property> out = new ArrayList<>();
        for (String name : order.value()) {
            declared.stream().filter(p -> p.name().equals(name)).findFirst().ifPresent(out::add);
        }
        declared.stream().filter(p -> !out.contains(p)).forEach(out::add);
        return List.copyOf(out);
    }

    private static String type(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }
}
