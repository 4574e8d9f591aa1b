package dev.hsu.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The env file format, line by line: what each form gives, and which lines are errors. */
class EnvFileTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("plain", "A=1", "1"),
                Arguments.of("spaces around = and value are trimmed", "  A =  hello world  ", "hello world"),
                Arguments.of("empty value", "A=", ""),
                Arguments.of("empty double quotes", "A=\"\"", ""),
                Arguments.of("empty single quotes", "A=''", ""),
                Arguments.of("export prefix", "export A=x", "x"),
                Arguments.of("export with tabs", "export\tA=x", "x"),
                Arguments.of("a key named export_x is not the prefix", "export_x=1", null),
                Arguments.of("inline comment after blank", "A=value # note", "value"),
                Arguments.of("# inside a word is kept", "A=abc#def", "abc#def"),
                Arguments.of("= in the value is kept", "A=a=b=c", "a=b=c"),
                Arguments.of("single quotes keep everything", "A='a \\n $B \"q\" # x'", "a \\n $B \"q\" # x"),
                Arguments.of("double quotes with escapes", "A=\"l1\\nl2\\tt \\\"q\\\" \\\\ \\$ \\x\"",
                        "l1\nl2\tt \"q\" \\ $ \\x"),
                Arguments.of("comment after a quoted value", "A=\"v\"   # c", "v"),
                Arguments.of("# inside quotes is kept", "A=\"a # b\"", "a # b"),
                Arguments.of("unquoted backslash-n stays literal", "A=a\\nb", "a\\nb"),
                Arguments.of("leading spaces inside quotes are kept", "A=\"  x  \"", "  x  "),
                Arguments.of("no ${} expansion in env files", "A=${HOME}", "${HOME}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void eachFormGivesItsValue(String what, String line, String expected) throws Exception {
        Map<String, String> env = EnvFile.parse(line + "\n");
        if (expected == null) {
            assertEquals(Map.of("export_x", "1"), env, what);
        } else {
            assertEquals(Map.of("A", expected), env, what);
        }
    }

    @org.junit.jupiter.api.Test
    void commentsBlankLinesCrlfDuplicatesAndMultiLineQuotes() throws Exception {
        String text = "\uFEFF# a comment\r\n\r\n   # indented comment\r\nA=1\r\nB='x'\r\nexport C=\"two\r\nlines\"\r\n"
                + "A=2\r\nD=\r\n";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("A", "2");
        expected.put("B", "x");
        expected.put("C", "two\nlines");
        expected.put("D", "");
        Map<String, String> env = EnvFile.parse(text);
        assertEquals(expected, env);
        assertEquals(List.of("A", "B", "C", "D"), List.copyOf(env.keySet()), "first appearance order, later value");
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("A=1\nJUST_A_SECRET_WORD\nB=2\n", 2, "no '='"),
                Arguments.of("A=1\r\n\r\nno equals here\r\n", 3, "no '='"),
                Arguments.of("=value\n", 1, "variable name before '=' is empty"),
                Arguments.of("1A=x\n", 1, "not valid"),
                Arguments.of("MY KEY=x\n", 1, "not valid"),
                Arguments.of("A=1\nB=\"never closed\nC=3\n", 2, "never closed"),
                Arguments.of("A='x' trailing\n", 1, "text after the closing quote"));
    }

    @ParameterizedTest(name = "line {1}: {2}")
    @MethodSource("errors")
    void malformedLinesAreErrorsWithTheirLineNumberButNotTheirContent(String text, int line, String fragment) {
        EnvFile.ParseException e = assertThrows(EnvFile.ParseException.class, () -> EnvFile.parse(text));
        assertEquals(line, e.line());
        assertTrue(e.reason().contains(fragment), e.reason());
        assertTrue(e.getMessage().startsWith("line " + line + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("SECRET") || e.getMessage().contains("trailing")
                || e.getMessage().contains("never closed\n"), "the line's content is never echoed: " + e.getMessage());
    }
}
