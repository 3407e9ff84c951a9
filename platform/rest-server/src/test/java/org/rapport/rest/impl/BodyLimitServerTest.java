package org.rapport.rest.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Application;
import javax.ws.rs.core.MediaType;

import org.apache.cxf.jaxrs.servlet.CXFNonSpringJaxrsServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The request body limit over real HTTP: CXF in Jetty, as in the distribution, with the API's
 * guard, error mapper and JSON provider, and a resource that reads its body as a stream the way
 * the CSV import does. The bodies are written by hand on a socket so that the framing is exactly
 * what a hostile client sends.
 */
public class BodyLimitServerTest {

    private static final int LIMIT = 10_000;
    private static final int PLUGIN_LIMIT = 50_000;
    private static final AtomicInteger COMPLETED = new AtomicInteger();

    private static Server server;
    private static int port;

    /** Reads the whole body, as an import stores its upload before it starts. */
    @Path("upload")
    public static class UploadResource {

        @POST
        @Consumes({"text/csv", MediaType.TEXT_PLAIN})
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Long> upload(InputStream body) throws IOException {
            long bytes = body.transferTo(OutputStream.nullOutputStream());
            COMPLETED.incrementAndGet();
            return Map.of("bytes", bytes);
        }

        @POST
        @Path("json")
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Long> json(Map<String, String> body) {
            COMPLETED.incrementAndGet();
            return Map.of("fields", (long) body.size());
        }
    }

    /** Stands where the plugin uploads are, with the same path, to see the guard's larger limit there. */
    @Path("plugins/uploads")
    public static class KarUploadResource {

        @POST
        @Consumes(MediaType.APPLICATION_OCTET_STREAM)
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Long> upload(InputStream body) throws IOException {
            long bytes = body.transferTo(OutputStream.nullOutputStream());
            COMPLETED.incrementAndGet();
            return Map.of("bytes", bytes);
        }
    }

    @BeforeClass
    public static void startServer() throws Exception {
        HttpGuard.Config config = (HttpGuard.Config) Proxy.newProxyInstance(HttpGuard.Config.class.getClassLoader(),
                new Class<?>[] {HttpGuard.Config.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "maxRequestBytes" -> (long) LIMIT;
                    case "maxPluginUploadBytes" -> (long) PLUGIN_LIMIT;
                    default -> method.getDefaultValue();
                });
        Application application = new Application() {
            @Override
            public Set<Object> getSingletons() {
                return Set.of(new UploadResource(), new KarUploadResource(), new HttpGuard(config), new ErrorMapper(), new JsonProvider(LIMIT));
            }
        };
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new CXFNonSpringJaxrsServlet(application)), "/*");
        server.setHandler(context);
        server.start();
        port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @AfterClass
    public static void stopServer() throws Exception {
        server.stop();
    }

    @Before
    public void resetCount() {
        COMPLETED.set(0);
    }

    @Test
    public void aChunkedBodyUnderTheLimitIsRead() throws Exception {
        String answer = send(chunked("/upload", csv(LIMIT / 2), "text/csv"));

        assertTrue(answer, answer.startsWith("HTTP/1.1 200"));
        assertTrue(answer, answer.contains("\"bytes\":" + LIMIT / 2));
        assertEquals(1, COMPLETED.get());
    }

    @Test
    public void aChunkedBodyOverTheLimitIsA413AndTheResourceNeverFinishes() throws Exception {
        String answer = send(chunked("/upload", csv(LIMIT * 3), "text/csv"));

        assertTrue(answer, answer.startsWith("HTTP/1.1 413"));
        assertTrue(answer, answer.contains("\"code\":\"payload_too_large\""));
        assertTrue(answer, answer.contains("limit of " + LIMIT + " bytes"));
        assertEquals(0, COMPLETED.get());
    }

    @Test
    public void aChunkedJsonBodyOverTheLimitIsA413() throws Exception {
        byte[] json = ("{\"name\":\"" + "x".repeat(LIMIT * 2) + "\"}").getBytes(StandardCharsets.UTF_8);
        String answer = send(chunked("/upload/json", json, MediaType.APPLICATION_JSON));

        assertTrue(answer, answer.startsWith("HTTP/1.1 413"));
        assertTrue(answer, answer.contains("\"code\":\"payload_too_large\""));
        assertEquals(0, COMPLETED.get());
    }

    @Test
    public void aContentLengthOverTheLimitIsA413BeforeReading() throws Exception {
        byte[] body = csv(LIMIT * 3);
        String head = "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        String answer = send(concat(head.getBytes(StandardCharsets.US_ASCII), body));

        assertTrue(answer, answer.startsWith("HTTP/1.1 413"));
        assertTrue(answer, answer.contains("\"code\":\"payload_too_large\""));
        assertEquals(0, COMPLETED.get());
    }

    @Test
    public void aPluginUploadHasItsOwnLargerLimitAndOnlyThere() throws Exception {
        String kar = send(chunked("/plugins/uploads", csv(LIMIT * 3), MediaType.APPLICATION_OCTET_STREAM));
        String tooLarge = send(chunked("/plugins/uploads", csv(PLUGIN_LIMIT + 1), MediaType.APPLICATION_OCTET_STREAM));
        String elsewhere = send(chunked("/upload", csv(LIMIT * 3), "text/csv"));

        assertTrue(kar, kar.startsWith("HTTP/1.1 200") && kar.contains("\"bytes\":" + LIMIT * 3));
        assertTrue(tooLarge, tooLarge.startsWith("HTTP/1.1 413") && tooLarge.contains("limit of " + PLUGIN_LIMIT + " bytes"));
        assertTrue(elsewhere, elsewhere.startsWith("HTTP/1.1 413") && elsewhere.contains("limit of " + LIMIT + " bytes"));
        assertEquals(1, COMPLETED.get());
    }

    private static byte[] csv(int bytes) {
        StringBuilder csv = new StringBuilder("email,firstName\r\n");
        for (int i = 0; csv.length() < bytes; i++) {
            csv.append("person").append(i).append("@example.com,Person\r\n");
        }
        return csv.substring(0, bytes).getBytes(StandardCharsets.US_ASCII);
    }

    /** The request with its body in chunks of 1,000 bytes, as {@code curl -H 'Transfer-Encoding: chunked'} sends it. */
    private static byte[] chunked(String path, byte[] body, String type) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (int from = 0; from < body.length; from += 1000) {
            int size = Math.min(1000, body.length - from);
            request.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(body, from, size);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return request.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(a);
        both.writeBytes(b);
        return both.toByteArray();
    }

    /**
     * Writes the request while the answer is read: a server that refuses a body part way answers
     * and closes without reading the rest, and the client must still see the answer.
     */
    private static String send(byte[] request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                    socket.shutdownOutput();
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
            } catch (IOException resetAfterTheAnswer) {
                // what was read before the reset is the answer
            }
            writer.join(10_000);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
