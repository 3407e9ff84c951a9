package org.rapport.rest.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Application;
import javax.ws.rs.core.Context;
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
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rapport.rest.RequestLimit;
import org.rapport.testing.RawHttp;

/**
 * The request body limit over real HTTP: CXF in Jetty, as in the distribution, with the API's
 * guard, error mapper and JSON provider, and a resource that reads its body as a stream the way
 * the CSV import does. The bodies are written by hand on a socket so that the framing is exactly
 * what a hostile client sends. Every refusal is audited, from the client address a trusted proxy
 * names.
 */
public class BodyLimitServerTest {

    private static final int LIMIT = 10_000;
    private static final int PLUGIN_LIMIT = 50_000;
    private static final int ROUTE_CAP = 40_000;
    private static final AtomicInteger COMPLETED = new AtomicInteger();

    private static final List<Event> AUDITED = new CopyOnWriteArrayList<>();

    private static Server server;
    private static int port;
    /** A server behind a reverse proxy on this machine: {@code trustedProxies = 127.0.0.1, 10.0.0.0/8}. */
    private static Server proxied;
    private static int proxiedPort;

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

    /** Says whom a resource sees as the client, as the public paths' limits count them. */
    @Path("who")
    public static class WhoResource {

        @Context
        private HttpServletRequest request;

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, String> who() {
            return Map.of("remoteAddr", request.getRemoteAddr(), "remoteHost", request.getRemoteHost());
        }
    }

    /** Methods that ask for a larger body than the API's limit, one more than the guard allows. */
    @Path("large")
    public static class LargeBodyResource {

        @POST
        @RequestLimit(bytes = 30_000)
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Long> json(Map<String, String> body) {
            COMPLETED.incrementAndGet();
            return Map.of("fields", (long) body.size());
        }

        @POST
        @Path("greedy")
        @RequestLimit(bytes = 1L << 40)
        @Consumes("text/csv")
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Long> greedy(InputStream body) throws IOException {
            long bytes = body.transferTo(OutputStream.nullOutputStream());
            COMPLETED.incrementAndGet();
            return Map.of("bytes", bytes);
        }
    }

    /** Stands where the plugin uploads are, with the same path, to see the guard's larger limit there. */
    @Path("plugins/uploads")
    public static class KarUploadResource {

        @POST
        @Consumes({MediaType.APPLICATION_OCTET_STREAM, MediaType.MULTIPART_FORM_DATA})
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Long> upload(InputStream body) throws IOException {
            long bytes = body.transferTo(OutputStream.nullOutputStream());
            COMPLETED.incrementAndGet();
            return Map.of("bytes", bytes);
        }
    }

    @BeforeClass
    public static void startServer() throws Exception {
        server = start();
        port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        // As a line of etc/org.rapport.rest.cfg gives it: one string, comma separated.
        proxied = start("127.0.0.1, 10.0.0.0/8");
        proxiedPort = ((ServerConnector) proxied.getConnectors()[0]).getLocalPort();
    }

    @Test
    public void listSettingsAreSplitAtCommas() {
        assertEquals(List.of("https://crm.example.com", "https://shop.example.com"),
                HttpGuard.listed(new String[] {"https://crm.example.com, https://shop.example.com", " "}));
        assertEquals(List.of(), HttpGuard.listed(new String[0]));
    }

    private static Server start(String... trustedProxies) throws Exception {
        HttpGuard.Config config = (HttpGuard.Config) Proxy.newProxyInstance(HttpGuard.Config.class.getClassLoader(),
                new Class<?>[] {HttpGuard.Config.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "maxRequestBytes" -> (long) LIMIT;
                    case "maxPluginUploadBytes" -> (long) PLUGIN_LIMIT;
                    case "maxRouteRequestBytes" -> (long) ROUTE_CAP;
                    case "trustedProxies" -> trustedProxies;
                    default -> method.getDefaultValue();
                });
        RefusalAudit audit = new RefusalAudit();
        audit.events = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                AUDITED.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                AUDITED.add(event);
            }
        };
        Application application = new Application() {
            @Override
            public Set<Object> getSingletons() {
                return Set.of(new UploadResource(), new KarUploadResource(), new WhoResource(), new LargeBodyResource(),
                        new HttpGuard(config, audit), new RouteLimits(config), new ErrorMapper(), new JsonProvider(config));
            }
        };
        Server started = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new CXFNonSpringJaxrsServlet(application)), "/*");
        started.setHandler(context);
        started.start();
        return started;
    }

    @AfterClass
    public static void stopServer() throws Exception {
        server.stop();
        proxied.stop();
    }

    @Before
    public void resetCount() {
        COMPLETED.set(0);
        AUDITED.clear();
    }

    /** The audit entries of refusals, as {@code action subject: after}. */
    private static List<String> audited() {
        return AUDITED.stream().map(event -> event.getProperty("audit.actor") + " " + event.getProperty("audit.action") + " "
                + event.getProperty("audit.subject") + ": " + event.getProperty("audit.after")).toList();
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
        String answer = send(withHeader(chunked("/upload", csv(LIMIT * 3), "text/csv"), as("chunked")));

        assertTrue(answer, answer.startsWith("HTTP/1.1 413"));
        assertTrue(answer, answer.contains("\"code\":\"payload_too_large\""));
        assertTrue(answer, answer.contains("limit of " + LIMIT + " bytes"));
        assertEquals(0, COMPLETED.get());
        assertEquals(List.of("unchecked user chunked refused.size POST /api/v1/upload: refused from 127.0.0.1: payload_too_large: "
                + "the request body is larger than the limit of " + LIMIT + " bytes"), audited());
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
                + "\r\nAuthorization: Basic Z3JhY2U6c2VjcmV0\r\nConnection: close\r\n\r\n";
        String answer = send(concat(head.getBytes(StandardCharsets.US_ASCII), body));

        assertTrue(answer, answer.startsWith("HTTP/1.1 413"));
        assertTrue(answer, answer.contains("\"code\":\"payload_too_large\""));
        assertEquals(0, COMPLETED.get());
        List<String> audited = audited();
        assertEquals(audited.toString(), 1, audited.size());
        assertTrue("refused before the credentials are checked: " + audited,
                audited.get(0).startsWith("unchecked user grace refused.size POST /api/v1/upload: refused from 127.0.0.1"));
        assertTrue("never the password: " + audited, !audited.get(0).contains("secret"));
    }

    /**
     * A chunk size that is no number is a 400 in the error shape and ends the connection: the
     * resource never finishes, and the request written after the broken body is never read as a
     * request of its own (no smuggling).
     */
    @Test
    public void aBrokenChunkIsA400AndNothingAfterItIsARequest() throws Exception {
        String smuggled = "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\nContent-Length: 3\r\n\r\nabc";
        for (String size : List.of("zz", "-3", "fffffffffffffffff1")) {
            String answer = send(("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked"
                    + "\r\n\r\n3\r\nabc\r\n" + size + "\r\nabc\r\n0\r\n\r\n" + smuggled).getBytes(StandardCharsets.US_ASCII));

            assertTrue(size + ": " + answer, answer.startsWith("HTTP/1.1 400"));
            assertTrue(size + ": " + answer, answer.contains("\"code\":\"malformed_body\""));
            assertEquals(size + ": one answer, the request after it never read: " + answer, 1, answer.split("HTTP/1.1 ", -1).length - 1);
        }
        assertEquals(0, COMPLETED.get());
    }

    @Test
    public void xForwardedForFromAPeerThatIsNoTrustedProxyIsIgnored() throws Exception {
        send(port, withHeader(withHeader(chunked("/upload", csv(LIMIT * 3), "text/csv"), "X-Forwarded-For: 198.51.100.1"),
                as("spoofer")));

        assertEquals(1, AUDITED.size());
        assertTrue(audited().toString(), audited().get(0).contains("refused from 127.0.0.1:"));
    }

    @Test
    public void xForwardedForFromATrustedProxyNamesTheClient() throws Exception {
        send(proxiedPort, withHeader(chunked("/upload", csv(LIMIT * 3), "text/csv"),
                "X-Forwarded-For: 203.0.113.66, 198.51.100.1"));

        assertEquals(1, AUDITED.size());
        assertTrue("the right-most hop the proxy added, not what the client wrote: " + audited(),
                audited().get(0).contains("refused from 198.51.100.1:"));
    }

    @Test
    public void behindATrustedProxyAResourceSeesTheClientItNamesAsTheRemoteAddressAndNowhereElse() throws Exception {
        String proxied = send(proxiedPort, get("/who", "X-Forwarded-For: 203.0.113.66, 198.51.100.1"));
        assertTrue(proxied, proxied.startsWith("HTTP/1.1 200") && proxied.contains("\"remoteAddr\":\"198.51.100.1\"")
                && proxied.contains("\"remoteHost\":\"198.51.100.1\""));
        String proxyItself = send(proxiedPort, get("/who"));
        assertTrue(proxyItself, proxyItself.contains("\"remoteAddr\":\"127.0.0.1\""));
        String spoofed = send(port, get("/who", "X-Forwarded-For: 198.51.100.1"));
        assertTrue("a header from a peer that is no trusted proxy names nobody: " + spoofed,
                spoofed.startsWith("HTTP/1.1 200") && spoofed.contains("\"remoteAddr\":\"127.0.0.1\""));
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

    /**
     * A method marked {@link RequestLimit} takes the larger body it asks for, in chunks or with a
     * Content-Length, and refuses one over it with a 413 in the error shape before it finishes;
     * one asking for more than {@code maxRouteRequestBytes} gets that; every other path keeps the
     * API's limit.
     */
    @Test
    public void aMethodAskingForALargerBodyGetsItBoundedAndOnlyThere() throws Exception {
        byte[] json = ("{\"name\":\"" + "x".repeat(LIMIT * 2) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] tooMuch = ("{\"name\":\"" + "x".repeat(31_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        String chunked = send(chunked("/large", json, MediaType.APPLICATION_JSON));
        String overChunked = send(withHeader(chunked("/large", tooMuch, MediaType.APPLICATION_JSON), as("large-chunked")));
        String head = "POST /large HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + tooMuch.length + "\r\n" + as("large-length") + "\r\nConnection: close\r\n\r\n";
        String overLength = send(concat(head.getBytes(StandardCharsets.US_ASCII), tooMuch));
        String capped = send(chunked("/large/greedy", csv(ROUTE_CAP + 1), "text/csv"));
        String underCap = send(chunked("/large/greedy", csv(ROUTE_CAP), "text/csv"));
        String elsewhere = send(chunked("/upload/json", json, MediaType.APPLICATION_JSON));

        assertTrue(chunked, chunked.startsWith("HTTP/1.1 200") && chunked.contains("\"fields\":1"));
        for (String refused : List.of(overChunked, overLength)) {
            assertTrue(refused, refused.startsWith("HTTP/1.1 413") && refused.contains("\"code\":\"payload_too_large\"")
                    && refused.contains("limit of 30000 bytes"));
        }
        assertTrue(capped, capped.startsWith("HTTP/1.1 413") && capped.contains("limit of " + ROUTE_CAP + " bytes"));
        assertTrue(underCap, underCap.startsWith("HTTP/1.1 200") && underCap.contains("\"bytes\":" + ROUTE_CAP));
        assertTrue(elsewhere, elsewhere.startsWith("HTTP/1.1 413") && elsewhere.contains("limit of " + LIMIT + " bytes"));
        assertEquals(2, COMPLETED.get());
        assertTrue(audited().toString(), audited().contains("unchecked user large-length refused.size POST /api/v1/large: "
                + "refused from 127.0.0.1: payload_too_large: the request body is larger than the limit of 30000 bytes"));
    }

    /**
     * A form needs no CORS preflight, so a page of any site could post one with an administrator's
     * cached credentials: a plugin form is taken without an Origin, from the server's own origin,
     * from an origin allowed for CORS or from a script, and refused from another site's page. The
     * form reaches the resource as it was sent (CXF does not take it apart), under the same limit.
     */
    @Test
    public void aPluginFormFromAnotherSitesPageIsRefusedAndOtherwiseReadAsSentUnderTheSameLimit() throws Exception {
        String form = MediaType.MULTIPART_FORM_DATA + "; boundary=xyz";
        byte[] body = csv(LIMIT * 2);
        String foreign = send(withHeader(chunked("/plugins/uploads", body, form), "Origin: https://evil.example"));
        String otherPort = send(withHeader(chunked("/plugins/uploads", body, form), "Origin: http://localhost:8181"));
        String own = send(withHeader(chunked("/plugins/uploads", body, form), "Origin: http://localhost"));
        String script = send(withHeader(withHeader(chunked("/plugins/uploads", body, form), "Origin: https://evil.example"),
                "X-Requested-With: XMLHttpRequest"));
        String noOrigin = send(chunked("/plugins/uploads", body, form));
        String tooLarge = send(chunked("/plugins/uploads", csv(PLUGIN_LIMIT + 1), form));

        assertTrue(foreign, foreign.startsWith("HTTP/1.1 403") && foreign.contains("\"code\":\"origin_not_allowed\""));
        assertTrue(foreign, foreign.contains("a form on a page of https://evil.example may not upload plugins"));
        assertTrue(otherPort, otherPort.startsWith("HTTP/1.1 403"));
        for (String accepted : List.of(own, script, noOrigin)) {
            assertTrue(accepted, accepted.startsWith("HTTP/1.1 200") && accepted.contains("\"bytes\":" + body.length));
        }
        assertTrue(tooLarge, tooLarge.startsWith("HTTP/1.1 413") && tooLarge.contains("limit of " + PLUGIN_LIMIT + " bytes"));
        assertEquals(3, COMPLETED.get());
        assertTrue(audited().toString(), audited().stream().anyMatch(a -> a.contains("refused.access POST /api/v1/plugins/uploads")));
    }

    /**
     * Any request that changes something, with the credentials a browser keeps (HTTP Basic), from
     * a page of another site is refused (a form posting to an install or an approval needs no
     * preflight); the same request from a script, the server's own page or a client that is no
     * browser page is read.
     */
    @Test
    public void aCredentialedRequestFromAnotherSitesPageIsRefused() throws Exception {
        byte[] body = csv(100);
        String foreign = send(withHeader(withHeader(chunked("/upload", body, MediaType.TEXT_PLAIN), as("victim")),
                "Origin: https://evil.example"));
        String script = send(withHeader(withHeader(withHeader(chunked("/upload", body, MediaType.TEXT_PLAIN), as("victim")),
                "Origin: https://evil.example"), "X-Requested-With: XMLHttpRequest"));
        String own = send(withHeader(withHeader(chunked("/upload", body, MediaType.TEXT_PLAIN), as("victim")),
                "Origin: http://localhost"));
        String anonymous = send(withHeader(chunked("/upload", body, MediaType.TEXT_PLAIN), "Origin: https://evil.example"));

        assertTrue(foreign, foreign.startsWith("HTTP/1.1 403") && foreign.contains("\"code\":\"origin_not_allowed\""));
        assertTrue(foreign, foreign.contains("a page of https://evil.example may not send this request"));
        for (String accepted : List.of(script, own, anonymous)) {
            assertTrue(accepted, accepted.startsWith("HTTP/1.1 200"));
        }
        assertEquals(3, COMPLETED.get());
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
        return concat(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                RawHttp.chunks(body, 1000));
    }

    /**
     * HTTP Basic credentials of a name of its own: refusals of one kind, caller and address are
     * audited once a minute, and each test must see its own.
     */
    private static String as(String name) {
        return "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString((name + ":secret").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] get(String path, String... headers) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The request with one more header line after its request line. */
    private static byte[] withHeader(byte[] request, String header) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int line = text.indexOf("\r\n") + 2;
        return (text.substring(0, line) + header + "\r\n" + text.substring(line)).getBytes(StandardCharsets.ISO_8859_1);
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
        return send(port, request);
    }

    private static String send(int to, byte[] request) throws Exception {
        return new String(RawHttp.exchange("127.0.0.1", to, request, Duration.ofSeconds(10), true), StandardCharsets.UTF_8);
    }
}
