package org.rapport.rest.impl.plugins;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.Test;
import org.rapport.rest.ApiException;

/** The multipart/form-data reader, with what browsers send and what a hostile client could. */
public class MultipartFormTest {

    private static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private int opened;

    /** A part as a browser writes it: headers, blank line, content, and the line break before the next delimiter. */
    static String part(String disposition, String content) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; " + disposition
                + "\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n";
    }

    static byte[] form(String... parts) {
        return (String.join("", parts) + "--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private MultipartForm.FilePart read(byte[] body) throws IOException {
        return MultipartForm.readFile(new ByteArrayInputStream(body), BOUNDARY, () -> {
            opened++;
            return written;
        });
    }

    private ApiException refusal(byte[] body) {
        return assertThrows(ApiException.class, () -> read(body));
    }

    @Test
    public void theFileOfABrowsersFormIsStreamedAsSentAndOtherFieldsAreDropped() throws IOException {
        // Content that looks like the delimiter in part: line breaks, dashes, the boundary without its dashes.
        byte[] content = new byte[100_000];
        new Random(7).nextBytes(content);
        String tricky = "\r\n-\r\n--" + BOUNDARY.substring(0, 10) + "\r\r\n--\r" + BOUNDARY;
        String binary = new String(content, StandardCharsets.ISO_8859_1) + tricky;
        byte[] body = ("a preamble, which is ignored\r\n" + new String(form(part("name=\"note\"", "hello"),
                part("name=\"kar\"; filename=\"referrals.kar\"", binary), part("name=\"submit\"", "Upload")),
                StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);

        MultipartForm.FilePart file = read(body);

        assertEquals("kar", file.field());
        assertEquals("referrals.kar", file.fileName());
        assertArrayEquals(binary.getBytes(StandardCharsets.ISO_8859_1), written.toByteArray());
        assertEquals(binary.length(), file.bytes());
        assertEquals(1, opened);
    }

    @Test
    public void aFormWithNoFileOrSeveralIsRefusedNamingThePart() throws IOException {
        ApiException none = refusal(form(part("name=\"note\"", "hello")));
        assertEquals(400, none.status());
        assertEquals("form", none.fields().get(0).field());
        assertTrue(none.getMessage(), none.getMessage().contains("the form holds no file"));

        ApiException notChosen = refusal(form(part("name=\"kar\"; filename=\"\"", "")));
        assertEquals("kar", notChosen.fields().get(0).field());
        assertTrue(notChosen.getMessage(), notChosen.getMessage().contains("the file field 'kar' holds no file"));

        ApiException two = refusal(form(part("name=\"kar\"; filename=\"a.kar\"", "a"), part("name=\"more\"; filename=\"b.kar\"", "b")));
        assertEquals("more", two.fields().get(0).field());
        assertTrue(two.getMessage(), two.getMessage().contains("more than one file: the part 'more' after the part 'kar'"));
        assertEquals("the second file is not written", 1, opened);
        assertEquals("a", written.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void aFileNameWithPathCharactersIsRefusedBeforeAnythingIsWritten() {
        for (String name : new String[] {"../../deploy/evil.kar", "C:\\\\Users\\\\x\\\\evil.kar", "/etc/passwd", "..", "a\tb.kar"}) {
            ApiException refused = refusal(form(part("name=\"kar\"; filename=\"" + name + "\"", "x")));
            assertEquals(name, "kar", refused.fields().get(0).field());
            assertTrue(name + ": " + refused.getMessage(), refused.getMessage().contains("holds a path"));
            assertTrue(name + ": " + refused.getMessage(), !refused.getMessage().contains("\t"));
        }
        assertEquals(0, opened);
    }

    @Test
    public void oversizedHeadersTooManyPartsAndLargeFieldsAreRefused() {
        String longHeader = "--" + BOUNDARY + "\r\nX-Padding: " + "a".repeat(MultipartForm.MAX_HEADER_BYTES) + "\r\n\r\nx\r\n";
        assertTrue(refusal(form(longHeader)).getMessage().contains("the headers of part 1 are longer than"));

        String endless = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"" + "\r\nX-More: y".repeat(10);
        assertTrue(refusal(endless.getBytes(StandardCharsets.US_ASCII)).getMessage().contains("the body ends within the headers"));

        String[] many = new String[MultipartForm.MAX_PARTS + 1];
        java.util.Arrays.fill(many, part("name=\"f\"", "v"));
        assertTrue(refusal(form(many)).getMessage().contains("more than " + MultipartForm.MAX_PARTS + " parts"));

        ApiException large = refusal(form(part("name=\"big\"", "x".repeat(MultipartForm.MAX_FIELD_BYTES + 1)),
                part("name=\"kar\"; filename=\"a.kar\"", "a")));
        assertEquals("big", large.fields().get(0).field());
        assertTrue(large.getMessage(), large.getMessage().contains("is not a file and is larger than"));

        byte[] noBoundary = ("x".repeat(MultipartForm.MAX_HEADER_BYTES + 10)).getBytes(StandardCharsets.US_ASCII);
        assertTrue(refusal(noBoundary).getMessage().contains("no boundary within the first"));
        assertTrue(refusal("just text".getBytes(StandardCharsets.US_ASCII)).getMessage().contains("holds no boundary"));
        assertEquals(0, opened);
    }

    @Test
    public void malformedPartsAreRefused() {
        String unterminated = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"kar\"; filename=\"a.kar\"\r\n\r\nno end";
        assertTrue(refusal(unterminated.getBytes(StandardCharsets.US_ASCII)).getMessage()
                .contains("the body ends within part 1, before its closing boundary"));

        String noDisposition = "--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + BOUNDARY + "--";
        assertTrue(refusal(noDisposition.getBytes(StandardCharsets.US_ASCII)).getMessage().contains("part 1 is not form data"));

        assertTrue(refusal(form(part("filename=\"a.kar\"", "x"))).getMessage().contains("the part number 1 has no name"));
        assertTrue(refusal(form(part("name=\"a\"; name=\"b\"", "x"))).getMessage().contains("is given twice"));
        assertTrue(refusal(form(part("name=\"a\" junk", "x"))).getMessage().contains("cannot be read"));
        String badAfterBoundary = "--" + BOUNDARY + "XX";
        assertTrue(refusal(badAfterBoundary.getBytes(StandardCharsets.US_ASCII)).getMessage()
                .contains("followed by neither a line break nor '--'"));
    }

    @Test
    public void aContentTypeWithoutAUsableBoundaryIsRefused() {
        assertEquals(BOUNDARY, MultipartForm.boundary("multipart/form-data; boundary=" + BOUNDARY));
        assertEquals("a b", MultipartForm.boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""));
        for (String type : new String[] {"multipart/form-data", "multipart/form-data; boundary=",
                "multipart/form-data; boundary=\"" + "x".repeat(71) + "\"", "multipart/form-data; boundary=\"a\r\nb\"",
                "multipart/form-data; boundary=\"ends \"", "application/zip"}) {
            ApiException refused = assertThrows(ApiException.class, () -> MultipartForm.boundary(type));
            assertEquals(type, "Content-Type", refused.fields().get(0).field());
        }
    }
}
