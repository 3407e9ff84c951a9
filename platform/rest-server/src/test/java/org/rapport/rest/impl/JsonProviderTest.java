package org.rapport.rest.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import javax.ws.rs.core.MediaType;

import org.junit.Test;
import org.rapport.rest.ApiException;
import org.rapport.rest.FieldError;

public class JsonProviderTest {

    public record Address(String city) {
    }

    public record Person(String email, int age, BigDecimal spend, Instant since, List<Address> addresses) {
    }

    private final JsonProvider json = new JsonProvider(1000);

    private Object read(String text) throws IOException {
        return json.read(Person.class, new LimitedInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1000));
    }

    private ApiException refused(String text) throws IOException {
        try {
            read(text);
        } catch (ApiException e) {
            return e;
        }
        fail("accepted: " + text);
        return null;
    }

    @Test
    public void aResourceThatTakesAStreamGetsTheBytesAsSent() {
        // A signed webhook checks its signature over the very bytes: JSON is parsed by the resource, not here.
        assertFalse(json.isReadable(InputStream.class, InputStream.class, null, MediaType.APPLICATION_JSON_TYPE));
        assertTrue(json.isReadable(Person.class, Person.class, null, MediaType.APPLICATION_JSON_TYPE));
    }

    @Test
    public void readsRecordsWithTimesAndExactAmounts() throws IOException {
        Person person = (Person) read("{\"email\":\"a@example.com\",\"age\":36,\"spend\":0.10,"
                + "\"since\":\"2026-11-22T10:15:30Z\",\"addresses\":[{\"city\":\"London\"}]}");
        assertEquals(new BigDecimal("0.10"), person.spend());
        assertEquals(Instant.parse("2026-11-22T10:15:30Z"), person.since());
        assertEquals("London", person.addresses().get(0).city());
    }

    @Test
    public void aStreamThatWritesItselfIsLeftToItself() {
        javax.ws.rs.core.StreamingOutput export = out -> out.write('x');

        assertFalse(json.isWriteable(export.getClass(), export.getClass(), new java.lang.annotation.Annotation[0],
                javax.ws.rs.core.MediaType.APPLICATION_JSON_TYPE));
        assertTrue(json.isWriteable(String.class, String.class, new java.lang.annotation.Annotation[0],
                javax.ws.rs.core.MediaType.APPLICATION_JSON_TYPE));
    }

    @Test
    public void writesTimesAsIsoText() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        json.writeTo(new Person("a@example.com", 1, BigDecimal.ONE, Instant.parse("2026-11-22T10:15:30Z"), List.of()),
                Person.class, Person.class, null, null, null, out);
        assertTrue(out.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8).contains("\"since\":\"2026-11-22T10:15:30Z\""));
    }

    @Test
    public void aSyntaxErrorNamesLineAndColumn() throws IOException {
        ApiException e = refused("{\"email\": \"a@example.com\",\n  \"age\": }");
        assertEquals("malformed_json", e.code());
        assertTrue(e.getMessage(), e.getMessage().startsWith("malformed JSON at line 2, column 10: Unexpected character"));
    }

    @Test
    public void fieldErrorsNameTheFieldPath() throws IOException {
        assertEquals(List.of(new FieldError("addresses[1].town", "unknown field; the fields are [city]")),
                refused("{\"age\":1,\"addresses\":[{\"city\":\"a\"},{\"town\":\"b\"}]}").fields());
        assertEquals(List.of(new FieldError("age", "is required: a whole number")), refused("{}").fields());
        assertEquals(List.of(new FieldError("age", "'old' is not a whole number")), refused("{\"age\":\"old\"}").fields());
        assertEquals(List.of(new FieldError("age", "'1.5' is not a whole number")).get(0).field(),
                refused("{\"age\":1.5}").fields().get(0).field());
        assertEquals("since", refused("{\"since\":\"yesterday\"}").fields().get(0).field());
        assertEquals(400, refused("{\"email\":\"a\",\"email\":\"b\"}").status());
    }

    @Test
    public void emptyAndTrailingContentAreRefused() throws IOException {
        assertEquals("the request body is empty; a JSON document is expected", refused("").getMessage());
        assertEquals(400, refused("{\"age\":1} {\"age\":2}").status());
    }

    @Test
    public void aBodyOverTheLimitIsA413() throws IOException {
        ApiException e = refused("{\"email\":\"" + "a".repeat(2000) + "\"}");
        assertEquals(413, e.status());
        assertEquals("payload_too_large", e.code());
    }

    @Test
    public void deepNestingIsRefused() throws IOException {
        ApiException e = refused("[".repeat(Json.MAX_NESTING_DEPTH + 10));
        assertEquals(400, e.status());
    }

    @Test
    public void controlCharactersAreRefusedInEveryFieldThatHasThem() throws IOException {
        ApiException e = refused("{\"age\":1,\"email\":\"a\\u0000@example.com\",\"addresses\":[{\"city\":\"Lon\\u001bdon\"}]}");

        assertEquals(List.of("email", "addresses[0].city"), e.fields().stream().map(FieldError::field).toList());
        assertTrue(e.fields().get(0).message(), e.fields().get(0).message().contains("U+0000 at character 2"));
        assertTrue(e.fields().get(1).message(), e.fields().get(1).message().contains("U+001B"));
    }

    @Test
    public void tabsAndLineBreaksAreText() throws IOException {
        Person person = (Person) read("{\"age\":1,\"email\":\"a@example.com\",\"addresses\":[{\"city\":\"Two\\nlines\\tand a tab\"}]}");
        assertEquals("Two\nlines\tand a tab", person.addresses().get(0).city());
    }

    @Test
    public void everyFieldOfTheWrongTypeIsNamedNotOnlyTheFirst() throws IOException {
        ApiException e = refused("{\"age\":\"old\",\"spend\":\"lots\",\"since\":\"yesterday\",\"colour\":\"red\","
                + "\"email\":\"\\u0007\"}");

        assertEquals(List.of("email", "age", "spend", "since", "colour"), e.fields().stream().map(FieldError::field).toList());
        assertEquals("validation_failed", e.code());
    }

    @Test
    public void aHugeValueIsNotEchoedInFull() throws IOException {
        JsonProvider roomy = new JsonProvider(1_000_000);
        String huge = "old" + "x".repeat(200_000);
        ApiException e = null;
        try {
            roomy.read(Person.class, new ByteArrayInputStream(("{\"age\":\"" + huge + "\"}").getBytes(StandardCharsets.UTF_8)));
            fail("accepted");
        } catch (ApiException refused) {
            e = refused;
        }
        assertEquals("age", e.fields().get(0).field());
        assertTrue(e.fields().get(0).message(), e.fields().get(0).message().length() < 200);
        assertFalse(e.fields().get(0).message(), e.fields().get(0).message().contains("x".repeat(200)));
        assertTrue(e.getMessage(), e.getMessage().length() < 300);
    }

    @Test
    public void refusalsDoNotNameTheParsersClasses() throws IOException {
        for (String body : List.of("[]", "{\"addresses\":{\"city\":1}}", "{\"addresses\":[[1]]}", "\"text\"", "{\"age\":[1]}",
                "{\"email\":{}}", "{\"since\":12.5e400}", "{\"age\":1e999999}", "[".repeat(Json.MAX_NESTING_DEPTH + 10),
                "{\"email\":\"" + "a".repeat(900) + "\"", "{\"age\":\"" + "9".repeat(990) + "\"}")) {
            ApiException e = refused(body);
            String all = e.getMessage() + e.fields();
            for (String internal : List.of("com.fasterxml", "jackson", "Jackson", "org.rapport", "java.lang", "Exception",
                    "StreamReadConstraints", "`")) {
                assertFalse(body + " -> " + all, all.contains(internal));
            }
        }
    }

    @Test
    public void longMessagesAreCutInTheMiddleKeepingTheReason() {
        String message = "'" + "x".repeat(10_000) + "' is not an email address";
        String shown = Messages.elide(message);

        assertTrue(shown.length() <= Messages.MAX_LENGTH + 40);
        assertTrue(shown, shown.endsWith("' is not an email address"));
        assertTrue(shown, shown.contains("characters left out"));
        assertEquals("short", Messages.elide("short"));
    }
}
