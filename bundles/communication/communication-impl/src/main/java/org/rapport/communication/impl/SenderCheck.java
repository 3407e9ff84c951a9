package org.rapport.communication.impl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 * own words. Of its results: {@code dmarc=pass} (for the From domain, when it names
 * {@code header.from}) vouches and {@code dmarc=fail} is refused. Without a DMARC verdict, a pass of
 * SPF or DKIM vouches only when it is aligned with the From domain (relaxed alignment, RFC 7489
 * section 3.1: SPF's {@code smtp.mailfrom} domain, DKIM's {@code header.d}, has the same
 * organisational domain as From's, {@link #organisational}): anyone can pass SPF or DKIM for a
 * domain of their own. A failing SPF or DKIM result ({@code fail}, {@code softfail},
 * {@code permerror}) is refused. A mail without the header, or with no aligned pass nor failure, is
 * taken at its word unless {@code requireAuthentication} is set, but is not authenticated. Without
 * an {@code authservId} nothing is checked and nothing is authenticated.
 */
final class SenderCheck {

    /** No check: every sender is taken at its word, as before, and none is authenticated. */
    static final SenderCheck NONE = new SenderCheck(null, false);

    /**
     * What the check found.
     *
     * @param authenticated whether the receiving server vouched for the From domain (a DMARC pass, or
     *        an SPF or DKIM pass aligned with it)
     * @param doubt why the sender is not taken as who it says, or null when it is (authenticated, or
     *        taken at its word)
     */
    record Verdict(boolean authenticated, String doubt) {

        static final Verdict AT_ITS_WORD = new Verdict(false, null);
        static final Verdict AUTHENTICATED = new Verdict(true, null);
    }

    private static final Pattern METHOD = Pattern.compile("^([a-z0-9-]+)(?:/[0-9]+)?\\s*=\\s*([a-z]+)");
    private static final Pattern PROPERTY = Pattern.compile("([a-z0-9-]+\\.[a-z0-9-]+)\\s*=\\s*(\"[^\"]*\"|[^\\s;]+)");
    private static final Pattern COMMENT = Pattern.compile("\\([^()]*\\)");
    private static final Set<String> FAILS = Set.of("fail", "softfail", "permerror");
    /**
     * Second-level labels under which a country's registry hands out names ({@code example.co.uk}),
     * for the organisational domain without the whole public suffix list.
     */
    private static final Set<String> REGISTRY_LABELS = Set.of("ac", "co", "com", "edu", "gob", "gov", "go", "govt",
            "ltd", "me", "mil", "ne", "net", "nhs", "nic", "or", "org", "plc", "sch");

    /** One result of the header: the method, its result and its properties ({@code smtp.mailfrom}). */
    private record Result(String method, String result, Map<String, String> properties) {
    }

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
     * What the receiving server found of the sender of a mail from {@code from}.
     *
     * @param headers the mail's {@code Authentication-Results} fields, topmost first, or null
     * @param from the address of the mail's single {@code From}, or null when it has none or several
     */
    Verdict check(String[] headers, String from) {
        if (authservId == null) {
            return Verdict.AT_ITS_WORD;
        }
        List<Result> results = ours(headers);
        if (results == null) {
            return required ? new Verdict(false, "no Authentication-Results from " + authservId) : Verdict.AT_ITS_WORD;
        }
        String fromDomain = domain(from);
        Result dmarc = first(results, "dmarc");
        if (dmarc != null && dmarc.result().equals("fail")) {
            return new Verdict(false, "dmarc=fail");
        }
        if (dmarc != null && dmarc.result().equals("pass") && fromDomain != null
                && fromDomain.equals(domain(dmarc.properties().getOrDefault("header.from", fromDomain)))) {
            return Verdict.AUTHENTICATED;
        }
        List<String> unaligned = new ArrayList<>();
        for (Result r : results) {
            if (!r.result().equals("pass") || !(r.method().equals("spf") || r.method().equals("dkim"))) {
                continue;
            }
            String identity = domain(r.method().equals("spf") ? r.properties().get("smtp.mailfrom")
                    : r.properties().getOrDefault("header.d", r.properties().get("header.i")));
            if (identity != null && aligned(identity, fromDomain)) {
                return Verdict.AUTHENTICATED;
            }
            unaligned.add(r.method() + "=pass for " + (identity == null ? "no domain" : identity));
        }
        List<String> failed = new ArrayList<>();
        for (String method : List.of("spf", "dkim")) {
            Result r = first(results, method);
            if (r != null && FAILS.contains(r.result())) {
                failed.add(method + "=" + r.result());
            }
        }
        if (!failed.isEmpty()) {
            return new Verdict(false, String.join(", ", failed));
        }
        if (!required) {
            return Verdict.AT_ITS_WORD;
        }
        String claimed = fromDomain == null ? "(none)" : fromDomain;
        return new Verdict(false, unaligned.isEmpty() ? "no spf, dkim or dmarc pass from " + authservId
                : String.join(", ", unaligned) + ", not aligned with From " + claimed);
    }

    /** Why the sender is not taken as who it says, or null; for a mail from {@code from}. */
    String doubt(String[] headers, String from) {
        return check(headers, from).doubt();
    }

    /** The results of the topmost header of our authserv-id, or null when there is none. */
    private List<Result> ours(String[] headers) {
        for (String header : headers == null ? new String[0] : headers) {
            String unfolded = COMMENT.matcher(header.replaceAll("\\s+", " ")).replaceAll(" ").strip();
            String[] parts = unfolded.split(";");
            String id = parts[0].strip().split(" ")[0].toLowerCase(Locale.ROOT);
            if (!id.equals(authservId)) {
                continue;
            }
            List<Result> results = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                String part = parts[i].strip().toLowerCase(Locale.ROOT);
                Matcher m = METHOD.matcher(part);
                if (m.find()) {
                    Map<String, String> properties = new HashMap<>();
                    Matcher p = PROPERTY.matcher(part.substring(m.end()));
                    while (p.find()) {
                        properties.putIfAbsent(p.group(1), p.group(2).replace("\"", ""));
                    }
                    results.add(new Result(m.group(1), m.group(2), properties));
                }
            }
            return results;
        }
        return null;
    }

    private static Result first(List<Result> results, String method) {
        return results.stream().filter(r -> r.method().equals(method)).findFirst().orElse(null);
    }

    /** The domain of an address ({@code ada@Example.com}, {@code @example.com}) or a domain, lower case; or null. */
    static String domain(String addressOrDomain) {
        if (addressOrDomain == null) {
            return null;
        }
        String d = addressOrDomain.substring(addressOrDomain.lastIndexOf('@') + 1).strip().toLowerCase(Locale.ROOT);
        while (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        return d.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+") ? d : null;
    }

    /** Relaxed alignment: both domains have the same organisational domain. */
    static boolean aligned(String domain, String fromDomain) {
        return domain != null && fromDomain != null && organisational(domain).equals(organisational(fromDomain));
    }

    /**
     * The organisational domain: the registrable name and its public suffix ({@code mail.example.com}
     * is {@code example.com}; {@code mail.example.co.uk} is {@code example.co.uk}, a country's
     * registry label under its two-letter top-level domain counting as part of the suffix).
     */
    static String organisational(String domain) {
        String[] labels = domain.split("\\.");
        int n = labels.length;
        int suffix = n >= 3 && labels[n - 1].length() == 2 && REGISTRY_LABELS.contains(labels[n - 2]) ? 2 : 1;
        return String.join(".", Arrays.copyOfRange(labels, Math.max(0, n - suffix - 1), n));
    }
}
