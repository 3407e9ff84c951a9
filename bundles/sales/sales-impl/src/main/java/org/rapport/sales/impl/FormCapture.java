package org.rapport.sales.impl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.NewLead;
import org.rapport.sales.api.SalesService;
import org.rapport.sales.api.SalesValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leads sent by the public web forms configured in {@code forms}. Each form is issued with a
 * signed start time ({@link #issue}); a submission is refused, and nothing stored, when its form is
 * unknown, when its address has sent more than {@code formRequestsPerMinute} to the form this
 * minute, when the honeypot field {@value #HONEYPOT} (hidden from people, filled by bots) holds
 * anything, or when its start time is missing, forged, older than {@code formMaxAgeMinutes} or less
 * than {@code formMinSeconds} old (a form filled faster than a person can).
 */
@Component(service = FormCapture.class, configurationPid = SalesConfig.PID)
public class FormCapture {

    private static final Logger LOG = LoggerFactory.getLogger(FormCapture.class);

    /** The honeypot: a field the form hides from people. */
    static final String HONEYPOT = "website";
    static final String STARTED = "started";
    private static final String HMAC = "HmacSHA256";

    /** A form as issued: its key and the signed start time to send back with it. */
    public record Issued(String form, String started, int minSeconds) {
    }

    /** What a web form sends. {@code website} is the honeypot; {@code started} what {@link #issue} gave. */
    public record Submission(String name, String email, String phone, String company, Map<String, String> answers,
            Set<String> consents, String website, String started) {
    }

    /** A submission over the address's share of a minute. */
    public static final class TooManySubmissions extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManySubmissions(String message) {
            super(message);
        }
    }

    private final SalesService sales;
    // From the settings, replaced when they change ({@link #modified}).
    private volatile Map<String, WebForm> forms;
    private volatile FormRateLimit limit;
    private volatile byte[] secret;
    private volatile long minMillis;
    private volatile long maxAgeMillis;
    /** Whether the secret is the settings' own (else a random one, kept while none is set). */
    private boolean configured;
    private final Clock clock;

    @Activate
    public FormCapture(@Reference SalesService sales, SalesConfig config) {
        this(sales, config, Clock.systemUTC());
    }

    FormCapture(SalesService sales, SalesConfig config, Clock clock) {
        this.sales = sales;
        this.clock = clock;
        apply(config);
    }

    /**
     * New settings while running (the forms' REST resource, which holds this component, stays served). A bad
     * value is refused, naming its key, and the previous settings go on; without a secret of its own the
     * random one stays, so forms already issued still count.
     */
    @Modified
    void modified(SalesConfig config) {
        try {
            apply(config);
        } catch (IllegalArgumentException refused) {
            LOG.error("New settings of etc/{}.cfg refused, the previous ones still apply: {}", SalesConfig.PID,
                    refused.getMessage());
        }
    }

    private synchronized void apply(SalesConfig config) {
        Map<String, WebForm> newForms = WebForm.parse(config.forms());
        FormRateLimit newLimit = new FormRateLimit(config.formRequestsPerMinute());
        this.forms = newForms;
        this.limit = newLimit;
        this.secret = !config.formSecret().isEmpty() ? config.formSecret().getBytes(StandardCharsets.UTF_8)
                : secret == null || configured ? random() : secret;
        this.configured = !config.formSecret().isEmpty();
        this.minMillis = config.formMinSeconds() * 1000L;
        this.maxAgeMillis = config.formMaxAgeMinutes() * 60_000L;
    }

    private static byte[] random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** The form's signed start time, for the page that renders it; empty for an unknown form. */
    public Optional<Issued> issue(String formKey) {
        if (!forms.containsKey(formKey)) {
            return Optional.empty();
        }
        long now = clock.millis();
        return Optional.of(new Issued(formKey, now + "." + sign(formKey, now), (int) (minMillis / 1000)));
    }

    /**
     * Captures a lead from a form.
     *
     * @return empty for an unknown form
     * @throws TooManySubmissions when the address is over its share
     * @throws SalesValidationException naming each field at fault, the honeypot and start time included
     */
    public Optional<Lead> submit(String formKey, Submission s, String address) {
        WebForm form = forms.get(formKey);
        if (form == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        if (!limit.tryAcquire(formKey, address, now)) {
            throw new TooManySubmissions("too many submissions to form " + formKey + " from " + address);
        }
        if (s.website() != null && !s.website().isEmpty()) {
            throw SalesValidationException.of(HONEYPOT, "must be left empty: the form hides it from people");
        }
        checkStarted(formKey, s.started(), now);
        Set<String> consents = s.consents() == null ? Set.of() : s.consents();
        for (String purpose : consents) {
            if (!form.purposes().contains(purpose)) {
                throw SalesValidationException.of("consents", "form " + formKey + " collects consent to "
                        + (form.purposes().isEmpty() ? "nothing" : String.join(", ", form.purposes())) + ", not '"
                        + Texts.shorten(purpose) + "'");
            }
        }
        return Optional.of(sales.capture(new NewLead(s.name(), s.email(), s.phone(), s.company(), form.source(),
                s.answers(), null, consents), formKey, "form:" + formKey));
    }

    private void checkStarted(String formKey, String started, long now) {
        String refusal = "send back the start time issued with the form (GET /api/v1/forms/" + formKey + ")";
        if (started == null || started.indexOf('.') < 1) {
            throw SalesValidationException.of(STARTED, "is required: " + refusal);
        }
        long at;
        try {
            at = Long.parseLong(started.substring(0, started.indexOf('.')));
        } catch (NumberFormatException e) {
            throw SalesValidationException.of(STARTED, "is not a start time this server issued: " + refusal);
        }
        byte[] given = started.substring(started.indexOf('.') + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, sign(formKey, at).getBytes(StandardCharsets.US_ASCII))) {
            throw SalesValidationException.of(STARTED, "is not a start time this server issued: " + refusal);
        }
        if (now - at < minMillis) {
            throw SalesValidationException.of(STARTED, "the form was sent " + (now - at) / 1000 + " s after it was "
                    + "issued; a person takes at least " + minMillis / 1000 + " s");
        }
        if (now - at > maxAgeMillis) {
            throw SalesValidationException.of(STARTED, "the form was issued more than " + maxAgeMillis / 60_000
                    + " minutes ago; load it again");
        }
    }

    private String sign(String formKey, long at) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            byte[] tag = mac.doFinal((formKey + ":" + at).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
