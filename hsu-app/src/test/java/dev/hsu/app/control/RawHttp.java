package dev.hsu.app.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Sends raw bytes to a Unix socket and reads everything until the server closes. For tests. */
final class RawHttp {

    private RawHttp() {
    }

    /** The status code of a raw response. */
    static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    /** The body of a raw response. */
    static String body(String response) {
        int i = response.indexOf("\r\n\r\n");
        return i < 0 ? "" : response.substring(i + 4);
    }

    static String exchange(Path socket, String request) throws IOException {
        return exchange(socket, request.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    /**
     * @param halfClose whether to shut down our output after sending (some clients do, most do not)
     */
    static String exchange(Path socket, byte[] request, boolean halfClose) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(request);
            try {
                while (out.hasRemaining()) {
                    c.write(out);
                }
                if (halfClose) {
                    c.shutdownOutput();
                }
            } catch (IOException serverStoppedReading) {
                // the server may answer (413, 431) before reading everything: read what it said
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (c.read(in) >= 0) {
                all.write(in.array(), 0, in.position());
                in.clear();
            }
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
