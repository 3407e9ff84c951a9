package org.rapport.events.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Delivery over https:// to the address that was checked: the certificate is verified against the
 * URL's host name, not the address connected to. A real TLS server on loopback, its key pair made
 * with the JDK's keytool for the name receiver.test only.
 */
public class SenderTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final List<String> HOSTS = new CopyOnWriteArrayList<>();
    private static HttpsServer server;
    private static SSLSocketFactory trusting;

    @BeforeClass
    public static void start() throws Exception {
        File keystore = new File("target/events-tls.p12").getAbsoluteFile();
        if (!keystore.isFile()) {
            Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "receiver", "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                    "-dname", "CN=receiver.test", "-ext", "SAN=dns:receiver.test", "-storetype", "PKCS12",
                    "-keystore", keystore.getPath(), "-storepass", new String(PASSWORD), "-keypass",
                    new String(PASSWORD)).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("keytool: " + output, 0, p.waitFor());
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, PASSWORD);
        SSLContext serverSide = SSLContext.getInstance("TLS");
        serverSide.init(km.getKeyManagers(), null, null);
        TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tm.init(keys);
        SSLContext clientSide = SSLContext.getInstance("TLS");
        clientSide.init(null, tm.getTrustManagers(), null);
        trusting = clientSide.getSocketFactory();

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverSide));
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            HOSTS.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterClass
    public static void stop() {
        server.stop(0);
    }

    @Test
    public void theCertificateIsCheckedAgainstTheUrlsHostWhileTheConnectionGoesToTheCheckedAddress() {
        int port = server.getAddress().getPort();
        DomainEvent event = new DomainEvent(1, "id-1", "tier.changed", 7, Instant.parse("2026-12-01T09:00:00Z"),
                Map.of("contactId", 7));
        Settings settings = Settings.defaults(false, false, true);
        InetAddress loopback = InetAddress.getLoopbackAddress();

        assertNull(new Sender(settings, trusting).send(new Link(), new Targets.Target(URI.create("https://receiver.test:" + port
                + "/hook"), List.of(loopback)), "whsec_x", event, Instant.now()));
        assertEquals(List.of("receiver.test:" + port), HOSTS);

        String otherName = new Sender(settings, trusting).send(new Link(), new Targets.Target(URI.create("https://elsewhere.test:"
                + port + "/hook"), List.of(loopback)), "whsec_x", event, Instant.now());
        assertTrue(otherName, otherName.startsWith("https://elsewhere.test:" + port + "/hook could not be reached")
                && otherName.contains("elsewhere.test"));
        String untrusted = new Sender(settings).send(new Link(), new Targets.Target(URI.create("https://receiver.test:" + port
                + "/hook"), List.of(loopback)), "whsec_x", event, Instant.now());
        assertTrue(untrusted, untrusted.contains("could not be reached") && untrusted.contains("certification path"));
        assertEquals("nothing reached the server without a verified certificate", 1, HOSTS.size());
    }
}
