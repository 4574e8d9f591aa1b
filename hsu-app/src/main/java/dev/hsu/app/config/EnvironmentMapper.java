package dev.hsu.app.config;

import dev.hsu.app.config.yaml.Location;
import dev.hsu.app.config.yaml.YamlList;
import dev.hsu.app.config.yaml.YamlMap;
import dev.hsu.app.config.yaml.YamlNode;
import dev.hsu.app.config.yaml.YamlScalar;
import dev.hsu.core.unit.Secrets;
import dev.hsu.core.unit.UnitIdentity;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps {@code env_file:} and {@code environment:} to the unit's variables and its secrets, and
 * gives the variables {@code ${...}} sees in {@code args} and {@code working_directory}.
 *
 * <p>Layers, each over the one before: the master's environment, the account variables of
 * {@code user:} ({@code HOME}, {@code USER}, {@code LOGNAME}, {@code SHELL}), the env files in
 * order, then {@code environment:}. Env file values are literal; {@code environment:} values are
 * expanded ({@link Expansion}) against the layers below them and the entries written before them,
 * so {@code PATH: /opt/app/bin:${PATH}} extends the inherited PATH.
 *
 * <p>Secrets: every variable read from an env file is secret, and so is an {@code environment:}
 * entry whose value uses one; an {@code environment:} entry that sets a literal value over an env
 * file variable is not. The values read from env files are kept for redaction even when
 * overridden.
 */
final class EnvironmentMapper {

    /**
     * @param environment the unit's own variables (env files, then {@code environment:})
     * @param secrets what of them must never be shown
     * @param expansionContext what {@code ${...}} sees in {@code args} and {@code working_directory}
     */
    record Result(Map<String, String> environment, Secrets secrets, Map<String, String> expansionContext) {
    }

    private EnvironmentMapper() {
    }

    static Result map(Section u, Path baseDirectory, Map<String, String> master, UnitIdentity identity) {
        Map<String, String> context = new LinkedHashMap<>(master);
        if (identity != null) {
            context.putAll(identity.accountVariables());
        }
        Map<String, String> own = new LinkedHashMap<>();
        Set<String> secretKeys = new HashSet<>();
        Set<String> secretValues = new HashSet<>();
        for (EnvFileRef ref : envFiles(u, baseDirectory)) {
            Map<String, String> values = read(u, ref);
            own.putAll(values);
            secretKeys.addAll(values.keySet());
            secretValues.addAll(values.values());
        }
        context.putAll(own);
        Map<String, String> written = environment(u);
        if (written != null) {
            for (Map.Entry<String, String> e : written.entrySet()) {
                String field = "environment." + e.getKey();
                Expansion x = Expansion.of(e.getValue(), context::get);
                if (!x.ok()) {
                    u.scope().error(u.scope().locate(field), field, x.problem());
                    continue;
                }
                boolean secret = x.used().stream().anyMatch(secretKeys::contains);
                if (secret) {
                    secretKeys.add(e.getKey());
                    secretValues.add(x.value());
                } else {
                    secretKeys.remove(e.getKey());
                }
                own.put(e.getKey(), x.value());
                context.put(e.getKey(), x.value());
            }
        }
        secretKeys.retainAll(own.keySet());
        return new Result(own, new Secrets(secretKeys, secretValues), context);
    }

    /** {@code ${...}} in one value; reports the problem on {@code field} and returns null if it fails. */
    static String expand(Section u, String field, String value, Map<String, String> context) {
        Expansion x = Expansion.of(value, context::get);
        if (x.ok()) {
            return x.value();
        }
        u.scope().error(u.scope().locate(field), field, x.problem());
        return null;
    }

    /** One entry of {@code env_file:}. */
    private record EnvFileRef(Path path, boolean required, String field, Location at) {
    }

    private static List<EnvFileRef> envFiles(Section u, Path baseDirectory) {
        List<EnvFileRef> out = new ArrayList<>();
        YamlNode n = u.node("env_file");
        if (n == null) {
            return out;
        }
        if (n instanceof YamlScalar s) {
            Path p = path(u, "env_file", s.text(), baseDirectory);
            if (p != null) {
                out.add(new EnvFileRef(p, true, "env_file", s.location()));
            }
            return out;
        }
        if (!(n instanceof YamlList list)) {
            u.wrongType("env_file", n, "a path or a list of paths (an item may be {path: x, required: false})");
            return out;
        }
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            String field = "env_file[" + i + "]";
            u.scope().record(field, item.location());
            if (item instanceof YamlScalar s && !s.isNull()) {
                Path p = path(u, field, s.text(), baseDirectory);
                if (p != null) {
                    out.add(new EnvFileRef(p, true, field, s.location()));
                }
            } else if (item instanceof YamlMap m) {
                Section entry = new Section(u.scope(), m, field);
                entry.checkKeys(List.of("path", "required"));
                String text = entry.text("path");
                Boolean required = entry.bool("required");
                if (text == null) {
                    if (!entry.has("path")) {
                        u.scope().error(item.location(), field, "needs path: the env file to read");
                    }
                    continue;
                }
                Path p = path(u, field + ".path", text, baseDirectory);
                if (p != null) {
                    out.add(new EnvFileRef(p, required == null || required, field, entry.at("path")));
                }
            } else {
                u.scope().error(item.location(), field, "must be a path or {path: x, required: false}, got "
                        + item.describe());
            }
        }
        return out;
    }

    private static Path path(Section u, String field, String text, Path baseDirectory) {
        if (text.isBlank()) {
            u.scope().error(u.scope().locate(field), field, "is empty; give the env file's path");
            return null;
        }
        return u.resolvePath(text, baseDirectory, field);
    }

    private static Map<String, String> read(Section u, EnvFileRef ref) {
        String text;
        try {
            text = Files.readString(ref.path(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (ref.required()) {
                u.scope().error(ref.at(), ref.field(), "env file " + ref.path() + " does not exist; create it, fix "
                        + "the path, or mark it optional: - {path: " + ref.path().getFileName() + ", required: false}");
            }
            return Map.of();
        } catch (AccessDeniedException e) {
            u.scope().error(ref.at(), ref.field(), "env file " + ref.path() + " cannot be read: permission denied; "
                    + "make it readable by the master's user");
            return Map.of();
        } catch (CharacterCodingException e) {
            u.scope().error(ref.at(), ref.field(), "env file " + ref.path() + " is not UTF-8 text; save it as UTF-8");
            return Map.of();
        } catch (IOException e) {
            u.scope().error(ref.at(), ref.field(), "env file " + ref.path() + " cannot be read ("
                    + e.getClass().getSimpleName() + "); check it is a readable file");
            return Map.of();
        }
        try {
            return EnvFile.parse(text);
        } catch (EnvFile.ParseException e) {
            u.scope().error(ref.at(), ref.field(), "env file " + ref.path() + ":" + e.line() + ": " + e.reason());
            return Map.of();
        }
    }

    /** {@code environment:} with its names checked. */
    private static Map<String, String> environment(Section u) {
        Map<String, String> env = u.stringMap("environment");
        if (env == null) {
            return null;
        }
        for (String k : env.keySet()) {
            if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
                u.scope().error(u.scope().locate("environment." + k), "environment." + k,
                        "is not a valid variable name (it must be non-empty, without '=')");
                return null;
            }
        }
        return env;
    }
}
