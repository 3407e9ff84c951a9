package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.rest.Roles;

/**
 * Request smuggling and broken framing, on raw sockets against the distribution's Jetty: a body
 * framed two ways at once (Content-Length and chunked, two Content-Lengths), chunk sizes that are
 * no number, folded and oversized headers. Each is refused (a broken chunk in the API's error
 * shape, the rest by Jetty before the API sees it), and the request
 * written after it on the same connection, which would add a contact if it were read as a request
 * of its own, never is: the connection is closed after the refusal. Chunk extensions are legal
 * and read as the chunks they extend.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class HttpFramingIT extends ContactTestSupport {

    private String marker;

    @Before
    public void aMarker() {
        marker = "f" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A request that adds a contact whose email holds {@code marker}: stored only if it is read as a request. */
    private String smuggled(String tag) {
        String body = "{\"email\":\"" + marker + tag + "@example.com\"}";
        return "POST /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic(Roles.AGENT)
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private String post(String headers) {
        return "POST /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic(Roles.AGENT)
                + "\r\nContent-Type: application/json\r\n" + headers;
    }

    @Test
    public void ambiguousOrBrokenFramingIsRefusedAndNothingAfterItIsARequest() throws IOException {
        String json = "{\"email\":\"" + marker + "-body@example.com\"}";
        String chunk = Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n";
        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("cl-te", post("Content-Length: " + chunk.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n") + chunk + smuggled("a"));
        attacks.put("te-cl", post("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n") + chunk + smuggled("b"));
        attacks.put("two content lengths", post("Content-Length: " + json.length() + "\r\nContent-Length: 0\r\n\r\n") + json
                + smuggled("c"));
        attacks.put("chunked not last", post("Transfer-Encoding: chunked, identity\r\n\r\n") + chunk + smuggled("d"));
        attacks.put("space before the colon", post("Transfer-Encoding : chunked\r\nContent-Length: " + json.length() + "\r\n\r\n")
                + json + smuggled("e"));
        attacks.put("obs-fold", post("X-Note: a\r\n folded\r\nContent-Length: " + json.length() + "\r\n\r\n") + json + smuggled("f"));
        attacks.put("obs-fold transfer encoding", post("Transfer-Encoding:\r\n chunked\r\nContent-Length: " + json.length()
                + "\r\n\r\n") + json + smuggled("g"));
        attacks.put("bare CR", post("X-Note: a\rContent-Length: 3\r\n\r\n") + json + smuggled("h"));
        attacks.put("chunk size no number", post("Transfer-Encoding: chunked\r\n\r\n") + "zz\r\n" + json + "\r\n0\r\n\r\n"
                + smuggled("i"));
        attacks.put("chunk size overflowing", post("Transfer-Encoding: chunked\r\n\r\n") + "fffffffffffffffff1\r\n" + json
                + "\r\n0\r\n\r\n" + smuggled("j"));
        attacks.put("oversized header", post("X-Big: " + "a".repeat(70_000) + "\r\nContent-Length: " + json.length() + "\r\n\r\n")
                + json + smuggled("k"));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> attack : attacks.entrySet()) {
            String answer = RawHttp.exchange(attack.getValue());
            String status = answer.length() >= 12 ? answer.substring(9, 12) : answer;
            boolean brokenChunk = attack.getKey().startsWith("chunk size");
            // Jetty refuses the framing itself (400, 431 for the header) before the API is reached; a
            // broken chunk is found while the API reads the body, and answered in its error shape.
            boolean refused = brokenChunk ? status.equals("400") && answer.contains("\"code\":\"malformed_body\"")
                    : status.equals("400") || status.equals("431");
            if (RawHttp.answers(answer) != 1 || !refused) {
                wrong.add(attack.getKey() + ": " + RawHttp.head(answer));
            }
        }
        assertTrue("framing accepted, or a second request read:\n" + String.join("\n", wrong), wrong.isEmpty());
        assertEquals("neither the framed body nor the request after it stored anything", 0, contacts.countMatches(marker));
    }

    @Test
    public void chunkExtensionsAreReadAsTheChunksTheyExtendAndTheNextRequestIsItsOwn() throws IOException {
        String json = "{\"email\":\"" + marker + "-ext@example.com\"}";
        String half = json.substring(0, 10);
        String rest = json.substring(10);
        String request = post("Transfer-Encoding: chunked\r\n\r\n") + Integer.toHexString(half.length()) + ";name=value\r\n" + half
                + "\r\n" + Integer.toHexString(rest.length()) + ";x=\"quoted\"\r\n" + rest + "\r\n0\r\n\r\n"
                + smuggled("-next").replace("\r\n\r\n{", "\r\nConnection: close\r\n\r\n{");

        String answer = RawHttp.exchange(request);

        assertEquals(RawHttp.head(answer), 2, RawHttp.answers(answer));
        assertTrue(RawHttp.head(answer), answer.startsWith("HTTP/1.1 201"));
        assertEquals("each body stored once, as sent", 2, contacts.countMatches(marker));
    }
}
