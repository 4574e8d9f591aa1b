package dev.hsu.app.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real curl against a Unix socket, optionally as another user. For tests. */
final class Curl {

    /** @param status the HTTP status, 0 when curl got none; @param body what curl printed */
    record Result(int status, String body, int exitCode) { }

    private Curl() {
    }

    static boolean available() {
        return Path.of("/usr/bin/curl").toFile().canExecute();
    }

    /**
     * @param prefix a command to run curl through (e.g. {@code runuser -u nobody --}), may be empty
     * @param args curl arguments after the socket option, e.g. {@code -X POST http://hsu/v1/shutdown}
     */
    static Result run(List<String> prefix, Path socket, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("curl", "-sS", "--max-time", "30", "--unix-socket", socket.toString(),
                "-w", "\n%{http_code}"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(40, TimeUnit.SECONDS)) {
                throw new IllegalStateException("curl did not finish: " + cmd);
            }
            int nl = out.lastIndexOf('\n');
            String code = out.substring(nl + 1).strip();
            return new Result(code.matches("\\d{3}") ? Integer.parseInt(code) : 0, out.substring(0, Math.max(nl, 0)),
                    p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }
}
