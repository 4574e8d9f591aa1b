package dev.hsu.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Quoting for CommandLineToArgvW and the C runtime, and for batch files through cmd.exe. */
class CommandLineTest {

    /** Microsoft's own examples ("Parsing C++ command-line arguments"), checking the reference parser. */
    @Test
    void theReferenceParserFollowsMicrosoftsExamples() {
        Map<String, List<String>> examples = new LinkedHashMap<>();
        examples.put("\"a b c\" d e", List.of("a b c", "d", "e"));
        examples.put("\"ab\\\"c\" \"\\\\\" d", List.of("ab\"c", "\\", "d"));
        examples.put("a\\\\\\b d\"e f\"g h", List.of("a\\\\\\b", "de fg", "h"));
        examples.put("a\\\\\\\"b c d", List.of("a\\\"b", "c", "d"));
        examples.put("a\\\\\\\\\"b c\" d e", List.of("a\\\\b c", "d", "e"));
        examples.put("a\"b\"\" c d", List.of("ab\" c d"));
        examples.forEach((line, want) -> {
            List<String> argv = ArgvParser.parse("prog " + line);
            assertEquals(want, argv.subList(1, argv.size()), line);
        });
    }

    @Test
    void quotesAnArgumentOnlyAsFarAsNeeded() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put("plain", "plain");
        table.put("", "\"\"");
        table.put("two words", "\"two words\"");
        table.put("tab\tinside", "\"tab\tinside\"");
        table.put("a\"b", "\"a\\\"b\"");
        table.put("back\\slash", "back\\slash");
        table.put("\\\\server\\share\\", "\\\\server\\share\\");
        table.put("dir name\\", "\"dir name\\\\\"");
        table.put("a\\\"b", "\"a\\\\\\\"b\"");
        table.put("\\\"", "\"\\\\\\\"\"");
        table.put("\"", "\"\\\"\"");
        table.put("%PATH% & | < > ^", "\"%PATH% & | < > ^\"");
        table.put("ünïcödé", "ünïcödé");
        table.forEach((arg, quoted) -> assertEquals(quoted, CommandLine.argument(arg), arg));
    }

    @Test
    void theProgramNameIsQuotedWhenItHasSpacesAndNeverEscaped() {
        assertEquals("app.exe", CommandLine.program("app.exe"));
        assertEquals("\"C:\\Program Files\\App\\app.exe\"", CommandLine.program("C:\\Program Files\\App\\app.exe"));
        assertEquals("\"C:\\dir with space\\\"", CommandLine.program("C:\\dir with space\\"));
        assertEquals("\"\"", CommandLine.program(""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CommandLine.program("a\"b"));
        assertTrue(e.getMessage().contains("double quote"), e.getMessage());
    }

    @Test
    void everyAwkwardArgumentSurvivesTheRoundTrip() {
        List<String> args = List.of("plain", "two words", "", " ", "double \" quote", "back\\slash", "trailing\\",
                "trailing space\\", "\\\\server\\share\\", "\\\"escaped\\\"", "\"", "\\", "\\\\\"", "a\\\\\\b",
                "$HOME `x`", "%PATH% !x!", "*", "a&b|c<d>e^f", "ünïcödé ✓ 日本", "tab\tinside", "new\nline", "-c", "=",
                "\"\"", "x\"\"y", "ends with quote\"");
        String line = CommandLine.of("C:\\Program Files\\My App\\app.exe", args);
        List<String> argv = ArgvParser.parse(line);
        assertEquals("C:\\Program Files\\My App\\app.exe", argv.get(0));
        assertEquals(args, argv.subList(1, argv.size()));
    }

    @Test
    void randomArgumentsSurviveTheRoundTrip() {
        Random random = new Random(42);
        String alphabet = "ab \t\"\\\\\"x y";
        for (int run = 0; run < 2000; run++) {
            List<String> args = new ArrayList<>();
            for (int a = random.nextInt(4); a >= 0; a--) {
                StringBuilder s = new StringBuilder();
                for (int c = random.nextInt(8); c > 0; c--) {
                    s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                args.add(s.toString());
            }
            List<String> argv = ArgvParser.parse(CommandLine.of("p.exe", args));
            assertEquals(args, argv.subList(1, argv.size()), "run " + run + ": " + args);
        }
    }

    @Test
    void noArgumentsIsTheProgramAlone() {
        assertEquals("p.exe", CommandLine.of("p.exe", List.of()));
        assertEquals(List.of("p.exe"), ArgvParser.parse(CommandLine.of("p.exe", List.of())));
    }

    @Test
    void aCommandLineOverTheWindowsMaximumIsRefused() {
        String big = "x".repeat(CommandLine.MAX_LENGTH);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandLine.of("p.exe", List.of(big)));
        assertTrue(e.getMessage().contains("at most 32766"), e.getMessage());
        assertEquals(CommandLine.MAX_LENGTH, CommandLine.of("p.exe", List.of("x".repeat(CommandLine.MAX_LENGTH - 6))).length());
    }

    @Test
    void aBatchFileRunsThroughCmdWithItsArgumentsQuotedForCmd() {
        String line = CommandLine.batch("C:\\Windows\\System32\\cmd.exe", "C:\\app dir\\run.bat",
                List.of("plain", "two words", "a&b", "x|y", "", "semi;colon", "back\\slash\\"));
        assertEquals("C:\\Windows\\System32\\cmd.exe /d /v:off /s /c \"\"C:\\app dir\\run.bat\" plain \"two words\" "
                + "\"a&b\" \"x|y\" \"\" \"semi;colon\" back\\slash\\\"", line);
    }

    @Test
    void aBatchArgumentCmdCannotReceiveSafelyIsRefusedByPosition() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put("100%", "'%'");
        table.put("say \"hi\"", "'\"'");
        table.put("a\rb", "a carriage return");
        table.put("a\nb", "a line feed");
        table.forEach((arg, what) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CommandLine.batch("C:\\cmd.exe", "C:\\x.cmd", List.of("ok", arg)));
            assertTrue(e.getMessage().contains("argument 2 of batch file C:\\x.cmd contains " + what), e.getMessage());
        });
    }

    @Test
    void aBatchFileWhosePathCmdWouldExpandIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CommandLine.batch("C:\\cmd.exe", "C:\\100%\\x.bat", List.of()));
    }
}
