package org.rapport.communication.impl;

import java.util.LinkedHashMap;
import java.util.List;
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
    /**
     * What a sender may add: the mailing-list fields (RFC 2369, RFC 2919, RFC 8058) and fields of
     * its own ({@code X-…}), never one the channel or the mail system writes (addresses,
     * subject, dates, content, trace, signatures, receipts).
     */
    private static final List<String> ALLOWED_PREFIXES = List.of("list-", "x-");
    private static final Set<String> RESERVED = Set.of(EmailChannel.MESSAGE_HEADER.toLowerCase(Locale.ROOT));

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
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED.contains(lower) || ALLOWED_PREFIXES.stream().noneMatch(lower::startsWith)) {
                throw new IllegalArgumentException("headers." + name + ": a sender adds only List-… and X-… fields; "
                        + "the channel and the mail system write the others");
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
