package org.rapport.communication.impl;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A sender's header fields ({@code SendRequest.headers}), checked and kept in one column as
 * {@code Name: value} lines. A name is letters, digits and {@code -}; a value is one line of
 * printable characters; the fields a channel writes itself cannot be set, so a sender cannot
 * forge the sender, the recipients or the body's encoding.
 */
final class MessageHeaders {

    /** The most header fields one message may carry. */
    static final int MAX_FIELDS = 8;
    /** The most characters of the fields together, as the column keeps them. */
    static final int MAX_LENGTH = 2000;
    private static final Set<String> RESERVED = Set.of("from", "sender", "reply-to", "to", "cc", "bcc", "subject",
            "date", "message-id", "mime-version", "content-type", "content-transfer-encoding", "content-language",
            "return-path", "received", EmailChannel.MESSAGE_HEADER.toLowerCase(Locale.ROOT));

    private MessageHeaders() {
    }

    /**
     * The fields as one text, or null for none.
     *
     * @throws IllegalArgumentException naming the field ({@code headers.<name>}) at fault
     */
    static String encode(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        if (headers.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("headers: at most " + MAX_FIELDS + " header fields, not " + headers.size());
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> field : headers.entrySet()) {
            String name = field.getKey();
            if (name == null || !name.matches("[A-Za-z][A-Za-z0-9-]{0,59}")) {
                throw new IllegalArgumentException("headers: '" + name + "' is not a header name (letters, digits and -)");
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("headers." + name + ": the channel writes this field itself");
            }
            String value = field.getValue();
            if (value == null || value.isBlank() || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("headers." + name + ": a value is one line of printable ASCII characters");
            }
            text.append(name).append(": ").append(value.strip()).append('\n');
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("headers: at most " + MAX_LENGTH + " characters in all");
        }
        return text.toString();
    }

    /** The fields {@link #encode} kept, in their order. */
    static Map<String, String> decode(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    headers.put(line.substring(0, colon), line.substring(colon + 2));
                }
            }
        }
        return headers;
    }
}
