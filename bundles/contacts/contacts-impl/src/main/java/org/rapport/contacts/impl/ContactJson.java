package org.rapport.contacts.impl;

import java.math.BigDecimal;
import java.util.Map;

import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.Contact;

/** A contact as one JSON object, with the field names of the REST API. */
final class ContactJson {

    private ContactJson() {
    }

    static String write(Contact c) {
        StringBuilder json = new StringBuilder("{\"id\":").append(c.id());
        field(json, "email", c.email());
        field(json, "firstName", c.firstName());
        field(json, "lastName", c.lastName());
        field(json, "phone", c.phone());
        field(json, "language", c.language());
        field(json, "preferredChannel", c.preferredChannel() == null ? null : c.preferredChannel().name());
        json.append(",\"tags\":[");
        int i = 0;
        for (String tag : c.tags()) {
            json.append(i++ == 0 ? "" : ",");
            string(json, tag);
        }
        json.append(']');
        Address a = c.address();
        json.append(",\"address\":{");
        int length = json.length();
        field(json, "street", a.street());
        json.deleteCharAt(length);
        field(json, "locality", a.locality());
        field(json, "region", a.region());
        field(json, "postalCode", a.postalCode());
        field(json, "country", a.country());
        json.append('}');
        field(json, "owner", c.owner());
        json.append(",\"accountId\":").append(c.accountId());
        json.append(",\"properties\":{");
        i = 0;
        for (Map.Entry<String, Object> property : c.properties().entrySet()) {
            json.append(i++ == 0 ? "" : ",");
            string(json, property.getKey());
            json.append(':');
            Object value = property.getValue();
            if (value instanceof BigDecimal || value instanceof Boolean) {
                json.append(ContactPropertyEntity.text(value));
            } else {
                string(json, String.valueOf(value));
            }
        }
        json.append('}');
        field(json, "createdAt", c.createdAt().toString());
        field(json, "updatedAt", c.updatedAt().toString());
        return json.append('}').toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append(",\"").append(name).append("\":");
        if (value == null) {
            json.append("null");
        } else {
            string(json, value);
        }
    }

    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == 0x2028 || ch == 0x2029) {
                        json.append(String.format("\\u%04x", (int) ch));
                    } else {
                        json.append(ch);
                    }
                }
            }
        }
        json.append('"');
    }
}
