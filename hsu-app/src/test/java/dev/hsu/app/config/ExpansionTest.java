package dev.hsu.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExpansionTest {
    private static final Map<String, String> VARS = Map.of("HOME", "/home/u", "EMPTY", "", "PORT", "8080",
            "NAME", "web");

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("plain text", "plain text"),
                Arguments.of("${HOME}/data", "/home/u/data"),
                Arguments.of("${NAME}-${PORT}", "web-8080"),
                Arguments.of("${MISSING:-fallback}", "fallback"),
                Arguments.of("${EMPTY:-fallback}", "fallback"),
                Arguments.of("${EMPTY-fallback}", ""),
                Arguments.of("${MISSING-fallback}", "fallback"),
                Arguments.of("${PORT:-9090}", "8080"),
                Arguments.of("${MISSING:-}", ""),
                Arguments.of("${MISSING:-${HOME}/x}", "/home/u/x"),
                Arguments.of("${MISSING:-a{b}c}", "a{b}c"),
                Arguments.of("$$", "$"),
                Arguments.of("$${HOME}", "${HOME}"),
                Arguments.of("cost $$5", "cost $5"),
                Arguments.of("echo $HOME $1 $", "echo $HOME $1 $"),
                Arguments.of("a$", "a$"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void expands(String text, String expected) {
        Expansion x = Expansion.of(text, VARS::get);
        assertTrue(x.ok(), () -> x.problem());
        assertEquals(expected, x.value());
    }

    @Test
    void anUndefinedVariableWithoutDefaultIsNamed() {
        Expansion x = Expansion.of("${DB_HOST}:${PORT}/${DB_NAME}", VARS::get);
        assertFalse(x.ok());
        assertEquals(Set.of("DB_HOST", "DB_NAME"), x.undefined());
        assertTrue(x.problem().startsWith("variables DB_HOST, DB_NAME are not set"), x.problem());
        assertTrue(x.problem().contains("${DB_HOST:-default}"), x.problem());
    }

    @Test
    void whatWentInIsTrackedButNotAnUnusedDefaultsVariables() {
        assertEquals(List.of("HOME", "PORT"), List.copyOf(Expansion.of("${HOME}${PORT:-${MISSING}}", VARS::get).used()));
        assertTrue(Expansion.of("${PORT:-${MISSING}}", VARS::get).ok(), "an unused default may name anything");
        assertEquals(List.of("HOME"), List.copyOf(Expansion.of("${MISSING:-${HOME}}", VARS::get).used()));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("${HOME", "never closed"),
                Arguments.of("${}", "not followed by a variable name"),
                Arguments.of("${1abc}", "not followed by a variable name"),
                Arguments.of("${A B}", "must be followed by '}'"),
                Arguments.of("${MISSING:-unclosed", "never closed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedReferencesAreErrors(String text, String fragment) {
        Expansion x = Expansion.of(text, VARS::get);
        assertFalse(x.ok());
        assertTrue(x.problem().contains(fragment), x.problem());
        assertTrue(x.problem().endsWith("write $$ for a literal $"), x.problem());
    }
}
