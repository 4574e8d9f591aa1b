package dev.hsu.app.config.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one YAML document into a located tree of {@link YamlNode}s with Jackson's streaming
 * parser (no data binding, no reflection: it is fast to load and keeps every position).
 *
 * <p>Supported beyond plain YAML 1.1: anchors and aliases ({@code &name}, {@code *name}) and merge
 * keys ({@code <<: *defaults}), where keys written in the map win over merged ones.
 *
 * <p>Thread-safety: stateless between calls; one instance may serve any number of threads.
 */
public final class YamlReader {

    private static final String MERGE_KEY = "<<";

    // Creating the factory is cheap and it is thread-safe once built. An empty plain value
    // ("key:") is YAML null, as the spec says; a quoted "" stays an empty string.
    private final YAMLFactory factory = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();

    /**
     * Reads the single document in {@code source}.
     *
     * @return the root node, or null if the text holds no document (empty or comments only)
     * @throws YamlSyntaxException if the text is not YAML, holds more than one document or uses an
     *     unknown alias
     * @throws IOException if reading fails
     */
    public YamlNode read(Reader source) throws YamlSyntaxException, IOException {
        try (YAMLParser parser = (YAMLParser) factory.createParser(source)) {
            return new Session(parser).readDocument();
        } catch (JsonProcessingException e) {
            throw syntaxError(e);
        }
    }

    private static YamlSyntaxException syntaxError(JsonProcessingException e) {
        Location at = location(e.getLocation());
        // SnakeYAML's message repeats the file excerpt; keep the problem and its context only.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
                if (m.getProblemMark() != null) {
                    at = new Location(m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1);
                }
                String problem = m.getProblem() == null ? "invalid YAML" : m.getProblem();
                String context = m.getContext();
                if (context != null && m.getContextMark() != null) {
                    context += " started at line " + (m.getContextMark().getLine() + 1)
                            + ", column " + (m.getContextMark().getColumn() + 1);
                }
                return new YamlSyntaxException(at, "YAML syntax error: " + problem
                        + (context != null ? " (" + context + ")" : ""));
            }
        }
        return new YamlSyntaxException(at, "YAML syntax error: " + e.getOriginalMessage());
    }

    private static Location location(JsonLocation l) {
        if (l == null || l.getLineNr() < 1) {
            return Location.START;
        }
        return new Location(l.getLineNr(), Math.max(1, l.getColumnNr()));
    }

    /** The state of one read: the parser and the anchors seen so far. */
    private static final class Session {
        private final YAMLParser parser;
        private final Map<String, YamlNode> anchors = new HashMap<>();

        Session(YAMLParser parser) {
            this.parser = parser;
        }

        YamlNode readDocument() throws IOException, YamlSyntaxException {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            YamlNode root = readValue(first);
            JsonToken more = parser.nextToken();
            if (more != null) {
                throw new YamlSyntaxException(here(),
                        "a second YAML document starts here; an HSU file holds exactly one (remove the '---' separator)");
            }
            return root;
        }

        private Location here() {
            return location(parser.currentTokenLocation());
        }

        private YamlNode readValue(JsonToken token) throws IOException, YamlSyntaxException {
            Location at = here();
            if (token == null) {
                throw new YamlSyntaxException(at, "YAML syntax error: the file ends in the middle of a value");
            }
            if (parser.isCurrentAlias()) {
                String name = parser.getText();
                YamlNode target = anchors.get(name);
                if (target == null) {
                    throw new YamlSyntaxException(at, "YAML alias '*" + name
                            + "' refers to no anchor defined before it (define it with '&" + name + "' first)");
                }
                return target;
            }
            String anchor = parser.getObjectId() instanceof String s ? s : null;
            YamlNode node = switch (token) {
                case START_OBJECT -> readMap(at);
                case START_ARRAY -> readList(at);
                default -> readScalar(token, at);
            };
            if (anchor != null) {
                anchors.put(anchor, node);
            }
            return node;
        }

        private YamlMap readMap(Location at) throws IOException, YamlSyntaxException {
            List<YamlMap.Entry> entries = new ArrayList<>();
            List<YamlNode> merged = new ArrayList<>();
            JsonToken t;
            while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                Location keyAt = here();
                YamlNode value = readValue(parser.nextToken());
                if (MERGE_KEY.equals(key)) {
                    collectMergeSources(value, merged);
                } else {
                    entries.add(new YamlMap.Entry(key, keyAt, value));
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new YamlSyntaxException(here(), "YAML syntax error: unexpected " + t + " in a map");
            }
            if (!merged.isEmpty()) {
                Set<String> present = new HashSet<>();
                entries.forEach(e -> present.add(e.key()));
                for (YamlNode source : merged) {
                    for (YamlMap.Entry e : ((YamlMap) source).entries()) {
                        if (present.add(e.key())) {
                            entries.add(e);
                        }
                    }
                }
            }
            return new YamlMap(at, entries);
        }

        private static void collectMergeSources(YamlNode value, List<YamlNode> into) throws YamlSyntaxException {
            if (value instanceof YamlMap) {
                into.add(value);
            } else if (value instanceof YamlList list && list.items().stream().allMatch(YamlMap.class::isInstance)) {
                into.addAll(list.items());
            } else {
                throw new YamlSyntaxException(value.location(),
                        "a merge key '<<' needs a map or a list of maps (e.g. '<<: *defaults'), not " + value.describe());
            }
        }

        private YamlList readList(Location at) throws IOException, YamlSyntaxException {
            List<YamlNode> items = new ArrayList<>();
            JsonToken t;
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new YamlSyntaxException(here(), "YAML syntax error: unterminated list");
                }
                items.add(readValue(t));
            }
            return new YamlList(at, items);
        }

        private YamlScalar readScalar(JsonToken token, Location at) throws IOException {
            String text = parser.getText();
            return switch (token) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(token, at, text);
                case VALUE_TRUE -> new YamlScalar(at, YamlScalar.Kind.BOOLEAN, text, null, true);
                case VALUE_FALSE -> new YamlScalar(at, YamlScalar.Kind.BOOLEAN, text, null, false);
                case VALUE_NULL -> new YamlScalar(at, YamlScalar.Kind.NULL, text == null ? "" : text, null, false);
                default -> new YamlScalar(at, YamlScalar.Kind.STRING, text == null ? "" : text, null, false);
            };
        }

        private YamlScalar number(JsonToken token, Location at, String text) {
            try {
                if (token == JsonToken.VALUE_NUMBER_INT) {
                    Number n = parser.getNumberValue();
                    Number value = n instanceof Integer i ? Long.valueOf(i.longValue()) : n;
                    return new YamlScalar(at, YamlScalar.Kind.INTEGER, text, value, false);
                }
                return new YamlScalar(at, YamlScalar.Kind.FLOAT, text, parser.getDoubleValue(), false);
            } catch (IOException | RuntimeException e) {
                // A form YAML resolves as a number but Jackson cannot convert: keep it as text.
                return new YamlScalar(at, YamlScalar.Kind.STRING, text, null, false);
            }
        }
    }
}
