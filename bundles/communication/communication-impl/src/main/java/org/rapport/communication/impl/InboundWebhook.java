package org.rapport.communication.impl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.contacts.api.Channel;

/**
 * One configured inbound webhook and the check of its requests: the signature
 * {@code X-Rapport-Signature: sha256=<hex>}, the HMAC-SHA256 with the webhook's secret over
 * {@code <X-Rapport-Timestamp>.<body>}, compared in constant time; the timestamp (seconds since
 * the epoch) within the tolerance of now, either way. The secret stays in this object: nothing
 * lists or returns it.
 */
@Component(service = InboundWebhook.class, configurationPid = InboundWebhookConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = InboundWebhookConfig.class, factory = true)
public class InboundWebhook {

    static final String SIGNATURE_HEADER = "X-Rapport-Signature";
    static final String TIMESTAMP_HEADER = "X-Rapport-Timestamp";

    /** Whether a webhook takes messages or a provider's bounces. */
    enum Kind {
        MESSAGES, BOUNCES
    }

    /** A request refused before anything is stored, with the HTTP status it answers. */
    public static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        Refusal(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        /** The HTTP status to answer: 400, 401, 404, 409 or 413. */
        public int status() {
            return status;
        }

        /** The error code of the answer ({@code bad_signature}, {@code replay}). */
        public String code() {
            return code;
        }
    }

    private final String name;
    private final Kind kind;
    private final byte[] secret;
    private final Channel medium;
    private final Duration tolerance;
    private final int maxBytes;
    private final Set<String> stopWords;

    @Activate
    public InboundWebhook(InboundWebhookConfig config) {
        String where = InboundWebhookConfig.FACTORY_PID + " (" + config.name() + ")";
        if (config.name() == null || !config.name().matches(ChannelRegistry.NAME_SYNTAX) || config.name().equals("bounces")) {
            throw new IllegalArgumentException("name in " + where + " must be a lower-case word other than 'bounces'");
        }
        this.name = config.name();
        try {
            this.kind = Kind.valueOf(config.kind().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("kind in " + where + " is messages or bounces, not " + config.kind(), e);
        }
        if (config.secret() == null || config.secret().length() < 16) {
            throw new IllegalArgumentException("secret in " + where + " must have at least 16 characters");
        }
        this.secret = config.secret().getBytes(StandardCharsets.UTF_8);
        this.medium = Channel.parse(config.medium());
        if (config.toleranceSeconds() < 1 || config.maxBytes() < 1) {
            throw new IllegalArgumentException("toleranceSeconds and maxBytes in " + where + " must be at least 1");
        }
        this.tolerance = Duration.ofSeconds(config.toleranceSeconds());
        this.maxBytes = config.maxBytes();
        this.stopWords = config.stopWords() == null ? Set.of() : Stream.of(config.stopWords().split(","))
                .map(w -> w.strip().toUpperCase(Locale.ROOT)).filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    }

    String name() {
        return name;
    }

    Kind kind() {
        return kind;
    }

    Channel medium() {
        return medium;
    }

    int maxBytes() {
        return maxBytes;
    }

    Duration tolerance() {
        return tolerance;
    }

    /** Whether a reply's whole text is one of the stop words ("Stop", "STOP!", " unsubscribe "). */
    boolean isStop(String text) {
        if (text == null) {
            return false;
        }
        String word = text.strip().replaceAll("[.!\\s]+$", "").toUpperCase(Locale.ROOT);
        return stopWords.contains(word);
    }

    /**
     * Checks a request's timestamp and signature.
     *
     * @return the signature, as the key that accepts the request once
     * @throws Refusal 401 for a missing, stale or wrong timestamp or signature
     */
    String verify(String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || !timestamp.strip().matches("[0-9]{1,12}")) {
            throw new Refusal(401, "bad_signature", TIMESTAMP_HEADER + " is required: seconds since 1970");
        }
        Instant at = Instant.ofEpochSecond(Long.parseLong(timestamp.strip()));
        if (Duration.between(at, now).abs().compareTo(tolerance) > 0) {
            throw new Refusal(401, "bad_signature", TIMESTAMP_HEADER + " is more than " + tolerance.toSeconds()
                    + " s away from now");
        }
        String given = signature == null ? "" : signature.strip();
        if (!given.startsWith("sha256=")) {
            throw new Refusal(401, "bad_signature", SIGNATURE_HEADER + " is required: sha256=<hex HMAC>");
        }
        String hex = given.substring("sha256=".length()).toLowerCase(Locale.ROOT);
        byte[] expected = sign(timestamp.strip(), body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, hex.getBytes(StandardCharsets.US_ASCII))) {
            throw new Refusal(401, "bad_signature", SIGNATURE_HEADER + " does not match the body");
        }
        return hex;
    }

    /** The hex HMAC-SHA256 of {@code <timestamp>.<body>} with this webhook's secret. */
    String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
