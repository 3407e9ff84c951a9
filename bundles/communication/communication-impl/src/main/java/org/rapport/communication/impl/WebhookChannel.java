package org.rapport.communication.impl;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.communication.api.DeliveryException;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.api.OutgoingMessage;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;

/**
 * Posts each message as JSON to a configured endpoint. The request carries
 * {@code Idempotency-Key: rapport-message-<id>}, the same on every attempt, so the endpoint can
 * drop a repeat, and, when a secret is configured, {@code X-Rapport-Signature: sha256=<hex>}, the
 * HMAC-SHA256 of the body. A 2xx answer is delivery; 408, 425, 429 and 5xx, or no answer, are
 * retried; any other answer is a permanent failure.
 */
@Component(configurationPid = WebhookConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WebhookConfig.class, factory = true)
public class WebhookChannel implements MessageChannel {

    static final String SIGNATURE_HEADER = "X-Rapport-Signature";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final URI url;
    private final byte[] secret;
    private final Channel medium;
    private final boolean phone;
    private final Duration timeout;
    private final HttpClient http;

    @Activate
    public WebhookChannel(WebhookConfig config) {
        String where = WebhookConfig.FACTORY_PID + " (" + config.rapport_channel() + ")";
        this.name = config.rapport_channel();
        try {
            this.url = URI.create(config.url().strip());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("url in " + where + " is not a URL: " + config.url(), e);
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("url in " + where + " must be http:// or https://, not " + url);
        }
        this.secret = config.secret() == null || config.secret().isEmpty() ? null
                : config.secret().getBytes(StandardCharsets.UTF_8);
        this.medium = Channel.parse(config.medium());
        String address = config.address() == null ? "email" : config.address().strip().toLowerCase(Locale.ROOT);
        if (!address.equals("email") && !address.equals("phone")) {
            throw new IllegalArgumentException("address in " + where + " is email or phone, not " + config.address());
        }
        this.phone = address.equals("phone");
        this.timeout = Duration.ofSeconds(Math.max(1, config.timeoutSeconds()));
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Channel medium() {
        return medium;
    }

    @Override
    public Optional<String> address(Contact contact) {
        return Optional.ofNullable(phone ? contact.phone() : contact.email()).filter(a -> !a.isBlank());
    }

    @Override
    public String deliver(OutgoingMessage message) throws DeliveryException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("messageId", message.id());
        json.put("channel", name);
        json.put("contactId", message.contactId());
        json.put("address", message.address());
        json.put("subject", message.subject());
        json.put("body", message.body());
        if (message.html() != null) {
            json.put("html", message.html());
        }
        json.put("language", message.language());
        json.put("purpose", message.purpose());
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new DeliveryException("the message could not be written as JSON: " + e.getMessage(), true, e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", "rapport-message-" + message.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            request.header(SIGNATURE_HEADER, "sha256=" + sign(body));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeliveryException(url + " could not be reached: " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while posting to " + url, false, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.headers().firstValue("X-Message-Id").orElse("HTTP " + status);
        }
        boolean retry = status == 408 || status == 425 || status == 429 || status >= 500;
        String text = response.body() == null ? "" : response.body().strip();
        throw new DeliveryException(url + " answered HTTP " + status + (text.isEmpty() ? ""
                : ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text)), !retry);
    }

    private String sign(byte[] body) throws DeliveryException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new DeliveryException("the request could not be signed: " + e.getMessage(), true, e);
        }
    }
}
