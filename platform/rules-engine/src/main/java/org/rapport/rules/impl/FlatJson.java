package org.rapport.rules.impl;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A decision's attributes as a flat JSON object of strings, readable in the database; written by Jackson. */
final class FlatJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> ATTRIBUTES = new TypeReference<>() {
    };

    private FlatJson() {
    }

    static String encode(Map<String, String> attributes) {
        try {
            return JSON.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a decision's attributes could not be written as JSON", e);
        }
    }

    /** Reads what {@link #encode} wrote (and what earlier versions wrote: the same flat object). */
    static Map<String, String> decode(String json) {
        try {
            return JSON.readValue(json, ATTRIBUTES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a decision's stored attributes are not a JSON object of strings: "
                    + e.getOriginalMessage(), e);
        }
    }
}
