package org.rapport.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP requests written byte by byte on a socket of their own, so that their framing is exactly
 * what a hostile client sends: for tests of what a server does with bodies over its limit,
 * smuggled or malformed framing, and several requests on one connection.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * Writes {@code request} while the answer is read, as a server that refuses part way answers
     * and closes without reading the rest, and returns every byte the server sent until it closed
     * (or {@code silence} passed without a byte).
     *
     * @param endOutput whether to end the client's side of the connection once the request is
     *                  written, as a client that sends nothing more does
     */
    public static byte[] exchange(String host, int port, byte[] request, Duration silence, boolean endOutput)
            throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout((int) silence.toMillis());
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                    if (endOutput) {
                        socket.shutdownOutput();
                    }
                } catch (IOException refusedPartWay) {
                    // the server answered and closed before taking all of it
                }
            }, "raw-http-writer");
            writer.start();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0;) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException resetOrSilent) {
                // what was read before the reset (or the silence) is the answer
            }
            try {
                writer.join(silence.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer.toByteArray();
        }
    }

    /**
     * The body in chunks of {@code size} bytes and the last chunk, as
     * {@code curl -H 'Transfer-Encoding: chunked'} sends it.
     */
    public static byte[] chunks(byte[] body, int size) {
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int from = 0; from < body.length; from += size) {
            int length = Math.min(size, body.length - from);
            chunked.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(body, from, length);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return chunked.toByteArray();
    }

    /** How many answers (status lines) the server sent in what was exchanged. */
    public static int answers(String exchanged) {
        return exchanged.split("HTTP/1\\.1 \\d{3}", -1).length - 1;
    }
}
