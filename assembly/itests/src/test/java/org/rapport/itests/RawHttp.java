package org.rapport.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Requests written byte by byte on a socket of their own, so that their framing is exactly what a
 * hostile client sends. The tests that use it run inside the container, where
 * {@code org.rapport.testing.RawHttp} (the same, for tests outside one) is not deployed.
 */
final class RawHttp {

    private RawHttp() {
    }

    /**
     * Writes {@code request} while the answer is read, as a server that refuses part way answers
     * and closes without reading the rest, and returns everything the server sent until it closed
     * (or 20 s passed without a byte).
     */
    static String exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket("localhost", Integer.parseInt(System.getProperty(RapportTestSupport.HTTP_PORT)))) {
            socket.setSoTimeout(20_000);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                } catch (IOException refusedPartWay) {
                    // the server answered and closed before taking all of it
                }
            });
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
                writer.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static String exchange(String request) throws IOException {
        return exchange(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The body in chunks of 8 KiB and the last chunk, as {@code curl -H 'Transfer-Encoding: chunked'} sends it. */
    static byte[] chunks(byte[] body) {
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int from = 0; from < body.length; from += 8192) {
            int size = Math.min(8192, body.length - from);
            chunked.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(body, from, size);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return chunked.toByteArray();
    }

    /** How many answers (status lines) the server sent. */
    static int answers(String exchanged) {
        return exchanged.split("HTTP/1\\.1 \\d{3}", -1).length - 1;
    }

    static String head(String answer) {
        return answer.length() > 2_000 ? answer.substring(0, 2_000) : answer;
    }
}
