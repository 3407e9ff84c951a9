package org.rapport.events.impl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Posts one event as a CloudEvent in structured mode ({@code application/cloudevents+json}),
 * signed: {@value #TIMESTAMP} is the time of the attempt in Unix seconds and {@value #SIGNATURE}
 * is {@code v1=} and the hex HMAC-SHA256, keyed with the subscription's secret (its UTF-8 bytes),
 * of the timestamp, a full stop and the body's bytes. A 2xx answer is delivery; anything else,
 * or no answer within the timeout, is a failed attempt. Redirects are not followed: a target
 * answering with one would lead the request where the target check never looked.
 *
 * <p>The request goes to an address the target check passed ({@link Targets.Target#addresses()},
 * the first that takes a connection), on a socket of its own: the name is not resolved again, so it cannot be pointed elsewhere between
 * the check and the connection (DNS rebinding). The connection is kept open ({@link Link}, HTTP/1.1
 * keep-alive) for the next request while it goes to an address the latest check passed; a check
 * that no longer passes it closes it. Over {@code https://} the server's certificate must be valid
 * for the URL's host name, which is also sent as SNI. Only the answer's status is kept; its
 * headers are read to find where it ends, and its body (at most {@value Link#MAX_BODY} bytes) is
 * skipped.
 */
final class Sender {

    static final String TIMESTAMP = "Rapport-Timestamp";
    static final String SIGNATURE = "Rapport-Signature";
    static final String CONTENT_TYPE = "application/cloudevents+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final SSLSocketFactory tls;

    Sender(Settings settings) {
        this(settings, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    Sender(Settings settings, SSLSocketFactory tls) {
        this.settings = settings;
        this.tls = tls;
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
     * Sends on the link's kept-open connection when it goes to one of the target's checked
     * addresses, else on a new connection to the first checked address that takes one. A kept
     * connection that the server closed meanwhile is replaced once (the request is sent again:
     * at least once).
     *
     * @return null when delivered, else why the attempt failed
     */
    String send(Link link, Targets.Target target, String secret, DomainEvent event, Instant now) {
        URI url = target.uri();
        byte[] body = cloudEvent(event, settings.source());
        long timestamp = now.getEpochSecond();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        byte[] head = head(url, port, body.length, timestamp, sign(secret, timestamp, body));
        link.keepOnlyFor(target);
        for (int attempt = 0; ; attempt++) {
            boolean reused = link.isOpen();
            try {
                if (!reused) {
                    Socket plain = connect(target.addresses(), port, timeout);
                    try {
                        plain.setSoTimeout(timeout);
                        link.open(target, plain.getInetAddress(), https ? secure(plain, url.getHost(), port) : plain);
                    } catch (IOException | RuntimeException e) {
                        plain.close();
                        throw e;
                    }
                }
                return link.exchange(head, body, deadline) / 100 == 2 ? null
                        : url + " answered HTTP " + link.lastStatus();
            } catch (SocketTimeoutException e) {
                link.close();
                return url + " did not answer within " + settings.timeout().toSeconds() + " s";
            } catch (IOException e) {
                link.close();
                if (!reused || attempt > 0) {
                    return url + " could not be reached: " + e;
                }
            }
        }
    }

    /** A connection to the first of the checked addresses that takes one. */
    private static Socket connect(List<InetAddress> addresses, int port, int timeout) throws IOException {
        IOException failed = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(address, port), timeout);
                return socket;
            } catch (IOException e) {
                socket.close();
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        throw failed != null ? failed : new IOException("no address to connect to");
    }

    private SSLSocket secure(Socket plain, String host, int port) throws IOException {
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, name, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.startsWith("[") && !name.matches("[0-9.]+")) {
            parameters.setServerNames(List.of(new SNIHostName(name)));
        }
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    private static byte[] head(URI url, int port, int length, long timestamp, String signature) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        String host = url.getHost() + (url.getPort() > 0 ? ":" + port : "");
        return ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + CONTENT_TYPE
                + "\r\nContent-Length: " + length + "\r\n" + TIMESTAMP + ": " + timestamp + "\r\n" + SIGNATURE + ": "
                + signature + "\r\nUser-Agent: Rapport-Events\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
