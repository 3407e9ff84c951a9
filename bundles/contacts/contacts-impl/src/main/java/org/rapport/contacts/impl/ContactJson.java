package org.rapport.contacts.impl;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;

import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.Contact;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * A contact as one JSON object, with the field names of the REST API, written by Jackson's
 * streaming generator: an export writes a million of them, one after the other, without building
 * a tree for each.
 */
final class ContactJson {

    private static final JsonFactory JSON = new JsonFactory();

    private ContactJson() {
    }

    static String write(Contact c) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeNumberField("id", c.id());
            json.writeStringField("email", c.email());
            json.writeStringField("firstName", c.firstName());
            json.writeStringField("lastName", c.lastName());
            json.writeStringField("phone", c.phone());
            json.writeStringField("language", c.language());
            json.writeStringField("timeZone", c.timeZone());
            json.writeStringField("preferredChannel", c.preferredChannel() == null ? null : c.preferredChannel().name());
            json.writeArrayFieldStart("tags");
            for (String tag : c.tags()) {
                json.writeString(tag);
            }
            json.writeEndArray();
            address(json, c.address());
            json.writeStringField("owner", c.owner());
            json.writeFieldName("accountId");
            if (c.accountId() == null) {
                json.writeNull();
            } else {
                json.writeNumber(c.accountId());
            }
            properties(json, c.properties());
            json.writeStringField("createdAt", c.createdAt().toString());
            json.writeStringField("updatedAt", c.updatedAt().toString());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void address(JsonGenerator json, Address a) throws IOException {
        json.writeObjectFieldStart("address");
        json.writeStringField("street", a.street());
        json.writeStringField("locality", a.locality());
        json.writeStringField("region", a.region());
        json.writeStringField("postalCode", a.postalCode());
        json.writeStringField("country", a.country());
        json.writeEndObject();
    }

    /** Numbers and yes/no as JSON numbers and booleans (numbers as written, never in exponent form), the rest as text. */
    private static void properties(JsonGenerator json, Map<String, Object> properties) throws IOException {
        json.writeObjectFieldStart("properties");
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            json.writeFieldName(property.getKey());
            Object value = property.getValue();
            if (value instanceof BigDecimal number) {
                json.writeNumber(number.toPlainString());
            } else if (value instanceof Boolean yes) {
                json.writeBoolean(yes);
            } else {
                json.writeString(String.valueOf(value));
            }
        }
        json.writeEndObject();
    }
}
