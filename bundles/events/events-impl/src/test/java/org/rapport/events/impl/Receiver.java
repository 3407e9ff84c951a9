package org.rapport.events.impl;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/** A subscriber: an HTTP server on loopback that keeps what it was sent and answers as told. */
final class Receiver implements AutoCloseable {

    /** One request as received; {@code port}: the sender's, the same for requests on one connection. */
    record Received(String host, String timestamp, String signature, String contentType, byte[] body, JsonNode json,
            int port) {
        String type() {
            return json.get("type").asText();
        }

        String subject() {
            return json.get("subject").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    /** The status to answer a request with, from what it carries. */
    volatile ToIntFunction<Received> answer = r -> 204;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> h = exchange.getRequestHeaders();
            Received r = new Received(h.get("Host").get(0), h.get(Sender.TIMESTAMP).get(0), h.get(Sender.SIGNATURE).get(0),
                    h.get("Content-Type").get(0), body, JSON.readTree(body), exchange.getRemoteAddress().getPort());
            received.add(r);
            exchange.sendResponseHeaders(answer.applyAsInt(r), -1);
            exchange.close();
        });
        // Requests on several connections are handled side by side, as a real subscriber would.
        server.setExecutor(handlers);
        server.start();
    }

    String url() {
        return url("127.0.0.1");
    }

    /** The URL by another name of this machine, which the test's resolver knows. */
    String url(String host) {
        return "http://" + host + ":" + server.getAddress().getPort() + "/hook";
    }

    List<String> types() {
        return received.stream().map(Received::type).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
