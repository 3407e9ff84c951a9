package org.rapport.rest.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

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
                refused("{\"addresses\":[{\"city\":\"a\"},{\"town\":\"b\"}]}").fields());
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
}
