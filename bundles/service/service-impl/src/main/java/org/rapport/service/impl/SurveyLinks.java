package org.rapport.service.impl;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

import org.rapport.rest.LinkSigner;

/**
 * The links of satisfaction surveys: {@code <publicUrl>/api/v1/surveys/<token>}, the token
 * {@code <survey id>-<HMAC-SHA256 base64url>} under a secret drawn at random for each survey and
 * kept with it, signed and checked (in constant time) by the platform's {@link LinkSigner}.
 * {@code publicUrl} is https, or plain http to this machine's loopback only with
 * {@code loopbackHttp} (tests); without it a survey asks for an answer by reply only.
 */
final class SurveyLinks {

    private static final Pattern TOKEN = Pattern.compile("[0-9]{1,18}-[A-Za-z0-9_-]{43}");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private final String base;

    /** @throws IllegalArgumentException naming {@code publicUrl} when it is set and not an address customers can use */
    SurveyLinks(String publicUrl, boolean loopbackHttp) {
        String url = publicUrl == null ? "" : publicUrl.strip();
        if (url.isEmpty()) {
            base = null;
            return;
        }
        String where = "etc/" + ServiceConfig.PID + ".cfg: publicUrl: '" + url + "' ";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + "is not an address: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException(where + "must be scheme, host, optional port and path only");
        }
        boolean local = scheme.equals("http") && loopbackHttp && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
        if (!scheme.equals("https") && !local) {
            throw new IllegalArgumentException(where + "must be https (plain http only to localhost with loopbackHttp = "
                    + "true, for tests)");
        }
        base = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/api/v1/surveys/";
    }

    /** The answer page of a survey, or null when no {@code publicUrl} is set. */
    String link(String token) {
        return base == null ? null : base + token;
    }

    static String newSecret() {
        return LinkSigner.newSecret();
    }

    static String token(String secret, long surveyId, long caseId) {
        return surveyId + "-" + LinkSigner.sign(secret, "survey " + surveyId + " " + caseId);
    }

    /** The survey a token claims to be for, or empty when it is not shaped like a token at all. */
    static OptionalLong survey(String token) {
        if (token == null || token.length() > 80 || !TOKEN.matcher(token).matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(token.substring(0, token.indexOf('-'))));
    }

    static boolean valid(String token, String secret, long surveyId, long caseId) {
        return secret != null && LinkSigner.same(token(secret, surveyId, caseId), token);
    }
}
