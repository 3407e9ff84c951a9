package org.rapport.events.impl;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Posts one event as a CloudEvent in structured mode ({@code application/cloudevents+json}),
 * signed: {@value #TIMESTAMP} is the time of the attempt in Unix seconds and {@value #SIGNATURE}
 * is {@code v1=} and the hex HMAC-SHA256, keyed with the subscription's secret (its UTF-8 bytes),
 * of the timestamp, a full stop and the body's bytes. A 2xx answer is delivery; anything else,
 * or no answer within the timeout, is a failed attempt. Redirects are not followed: a target
 * answering with one would lead the request where the target check never looked.
 */
final class Sender {

    static final String TIMESTAMP = "Rapport-Timestamp";
    static final String SIGNATURE = "Rapport-Signature";
    static final String CONTENT_TYPE = "application/cloudevents+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Settings settings;

    Sender(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The event as its subscriber receives it. */
    static byte[] cloudEvent(DomainEvent e, String source) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("specversion", "1.0");
        json.put("id", e.eventId());
        json.put("source", source);
        json.put("type", e.type());
        json.put("time", e.occurredAt().toString());
        json.put("subject", Long.toString(e.contactId()));
        json.put("datacontenttype", "application/json");
        json.put("data", e.data());
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("the event cannot be written as JSON: " + ex.getMessage(), ex);
        }
    }

    /** {@code v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}. */
    static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    /**
     * @return null when delivered, else why the attempt failed
     */
    String send(URI url, String secret, DomainEvent event, Instant now) {
        byte[] body = cloudEvent(event, settings.source());
        long timestamp = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(settings.timeout())
                .header("Content-Type", CONTENT_TYPE)
                .header(TIMESTAMP, Long.toString(timestamp))
                .header(SIGNATURE, sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : url + " answered HTTP " + status;
        } catch (IOException e) {
            return url + " could not be reached: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while posting to " + url;
        }
    }
}
