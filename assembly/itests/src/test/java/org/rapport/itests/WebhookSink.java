package org.rapport.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The receiving side of a webhook, enough for one HTTP/1.1 POST with a Content-Length per
 * connection: it keeps each request's headers (names in lower case) and body and answers 204. It
 * runs in the container beside the product, on loopback.
 */
final class WebhookSink implements AutoCloseable {

    /** One request as the server received it. */
    record Received(Map<String, String> headers, byte[] body) {
    }

    private final ServerSocket server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    WebhookSink() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "itest-webhook-sink");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hook";
    }

    List<Received> received() {
        return received;
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(10_000);
                receive(socket.getInputStream(), socket.getOutputStream());
            } catch (IOException e) {
                // Closed, or a client that went away: wait for the next one.
            }
        }
    }

    private void receive(InputStream in, OutputStream out) throws IOException {
        Map<String, String> headers = new HashMap<>();
        String line = readLine(in);
        for (String header; !(header = readLine(in)).isEmpty();) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        if (line.startsWith("POST ")) {
            received.add(new Received(headers, body));
        }
        out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1 && b != '\n';) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
