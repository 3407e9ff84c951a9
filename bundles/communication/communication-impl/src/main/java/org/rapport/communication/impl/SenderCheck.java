package org.rapport.communication.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a mail's sender is who its {@code From} says, by what the receiving mail server found:
 * its {@code Authentication-Results} header (RFC 8601). Only the topmost such header whose
 * authserv-id is the configured one counts ({@code authservId}; the receiving server adds its own on
 * top and must remove look-alikes the sender wrote, RFC 8601 section 5); any other is the sender's
 * own words. Of its results: {@code dmarc=pass} is trusted and {@code dmarc=fail} is not; without
 * a DMARC verdict, {@code spf=pass} or {@code dkim=pass} is trusted, and a failing SPF or DKIM
 * result ({@code fail}, {@code softfail}, {@code permerror}) is not. A mail without the header, or
 * with no verdict either way, is trusted unless {@code requireAuthentication} is set. Without an
 * {@code authservId} nothing is checked.
 */
final class SenderCheck {

    /** No check: every sender is taken at its word, as before. */
    static final SenderCheck NONE = new SenderCheck(null, false);

    private static final Pattern RESULT = Pattern.compile("^\\s*([a-z0-9-]+)(?:/[0-9]+)?\\s*=\\s*([a-z]+)");
    private static final Pattern COMMENT = Pattern.compile("\\([^()]*\\)");
    private static final Set<String> FAILS = Set.of("fail", "softfail", "permerror");

    private final String authservId;
    private final boolean required;

    /** @throws IllegalArgumentException when authentication is required but nobody is named to vouch for it */
    SenderCheck(String authservId, boolean required) {
        String id = authservId == null ? "" : authservId.strip();
        if (required && id.isEmpty()) {
            throw new IllegalArgumentException("requireAuthentication in " + MailboxConfig.PID + " needs authservId: "
                    + "the authserv-id of the receiving mail server's Authentication-Results header");
        }
        this.authservId = id.isEmpty() ? null : id.toLowerCase(Locale.ROOT);
        this.required = required;
    }

    /**
     * Why the sender is not taken as authenticated, or null when it is (or nothing is checked).
     *
     * @param headers the mail's {@code Authentication-Results} fields, topmost first, or null
     */
    String doubt(String[] headers) {
        if (authservId == null) {
            return null;
        }
        Map<String, String> results = null;
        for (String header : headers == null ? new String[0] : headers) {
            String unfolded = COMMENT.matcher(header.replaceAll("\\s+", " ")).replaceAll(" ").strip();
            String[] parts = unfolded.split(";");
            String id = parts[0].strip().split(" ")[0].toLowerCase(Locale.ROOT);
            if (id.equals(authservId)) {
                results = new LinkedHashMap<>();
                for (int i = 1; i < parts.length; i++) {
                    Matcher m = RESULT.matcher(parts[i].toLowerCase(Locale.ROOT));
                    if (m.find()) {
                        results.putIfAbsent(m.group(1), m.group(2));
                    }
                }
                break;
            }
        }
        if (results == null) {
            return required ? "no Authentication-Results from " + authservId : null;
        }
        String dmarc = results.get("dmarc");
        if ("pass".equals(dmarc)) {
            return null;
        }
        if ("fail".equals(dmarc)) {
            return "dmarc=fail";
        }
        if ("pass".equals(results.get("spf")) || "pass".equals(results.get("dkim"))) {
            return null;
        }
        List<String> failed = new ArrayList<>();
        for (String method : List.of("spf", "dkim")) {
            if (FAILS.contains(results.getOrDefault(method, ""))) {
                failed.add(method + "=" + results.get(method));
            }
        }
        if (!failed.isEmpty()) {
            return String.join(", ", failed);
        }
        return required ? "no spf, dkim or dmarc pass from " + authservId : null;
    }
}
