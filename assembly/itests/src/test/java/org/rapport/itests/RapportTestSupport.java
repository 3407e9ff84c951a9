package org.rapport.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.BeforeClass;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.extra.VMOption;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RulePackageStatus;
import org.rapport.rules.api.RulesEngine;
import org.rapport.testing.Ports;
import org.rapport.testing.ServerNode;

/**
 * What every Rapport integration test shares: the assembled distribution as the container
 * (one container for the whole run, see {@code PerSuite} on the tests), free ports, the Java 17
 * flags Karaf's own launcher passes, and running shell commands as an administrator.
 */
public abstract class RapportTestSupport {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    /** The system property that carries the container's HTTP port into the tests. */
    static final String HTTP_PORT = "rapport.itest.http.port";
    /** The system property that carries the port the email channel sends to into the tests. */
    static final String SMTP_PORT = "rapport.itest.smtp.port";
    /** The secret of the inbound webhook for SMS replies ({@code /api/v1/inbound/sms}). */
    static final String INBOUND_SECRET = "itest-inbound-sms-secret";
    /** The system property that carries the HTTPS port into the tests. */
    static final String HTTPS_PORT = "rapport.itest.https.port";
    /** The system property that carries the server's TLS keystore (PKCS12) into the tests, to trust it. */
    static final String TLS_KEYSTORE = "rapport.itest.tls.keystore";
    static final String TLS_PASSWORD = "itest-tls-password";
    /** The system property that carries the rule examples folder of the source tree into the tests. */
    static final String EXAMPLES = "rapport.itest.examples";

    /** The system property that carries the rules engine's hostile corpus of the source tree into the tests. */
    static final String HOSTILE = "rapport.itest.hostile";

    /** The system property that carries the example plugin's KAR, built before the tests, into them. */
    static final String PLUGIN_KAR = "rapport.itest.plugin.kar";

    /**
     * How long the container may take to serve every Rapport feature. Generous, for a busy machine;
     * the tests go on as soon as the node says it is ready, so this is a bound, not a wait.
     */
    static final Duration STARTUP = Duration.ofMinutes(5);
    private static volatile boolean ready;
    /** Why the container was not ready, once it was given up on: the other tests fail at once with it. */
    private static volatile String notReady;

    @Inject
    protected SessionFactory sessionFactory;
    @Inject
    protected RulesEngine rules;

    /** A PostgreSQL URL to run the integration tests on instead of the embedded Derby, or empty. */
    private static final String DATABASE = System.getProperty("rapport.itest.database", "");

    /** A fixed offset from UTC at which it is about noon now. */
    private static String noonZone() {
        int toNoon = Math.floorMod(12 - java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).getHour(), 24);
        return java.time.ZoneOffset.ofHours(toNoon > 11 ? toNoon - 24 : toNoon).getId();
    }

    @Configuration
    public Option[] config() {
        String karafVersion = System.getProperty("karaf.version");
        String httpPort = freePort();
        String smtpPort = freePort();
        String httpsPort = freePort();
        File keystore = tlsKeystore();
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(maven("org.rapport", "rapport-distribution").type("tar.gz").versionAsInProject())
                        .name("Rapport")
                        .unpackDirectory(new File(System.getProperty("rapport.exam.dir", "target/exam")))
                        .useDeployFolder(false),
                keepRuntimeFolder(),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.WARN),
                // No shutdown socket (Pax Exam stops the container itself): on a random port of its own, it
                // could take the port just chosen for HTTP, and the web server then never started.
                editConfigurationFilePut("etc/config.properties", "karaf.shutdown.port", "-1"),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", freePort()),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", freePort()),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", freePort()),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", httpPort),
                systemProperty(HTTP_PORT).value(httpPort),
                // TLS as an administrator turns it on: a second connector with the server's key.
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.secure.enabled", "true"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port.secure", httpsPort),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.keystore",
                        keystore.getAbsolutePath()),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.keystore.type", "PKCS12"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.keystore.password",
                        TLS_PASSWORD),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.key.password", TLS_PASSWORD),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.key.alias", "rapport"),
                systemProperty(HTTPS_PORT).value(httpsPort),
                systemProperty(TLS_KEYSTORE).value(keystore.getAbsolutePath()),
                // The email channel sends to an SMTP server a test starts on this port (SmtpSink).
                editConfigurationFilePut("etc/org.rapport.channel.email.cfg", "host", "127.0.0.1"),
                editConfigurationFilePut("etc/org.rapport.channel.email.cfg", "port", smtpPort),
                // EventsIT's subscriber listens on loopback.
                editConfigurationFilePut("etc/org.rapport.events.cfg", "allowLoopbackTargets", "true"),
                systemProperty(SMTP_PORT).value(smtpPort),
                // Campaign messages link to the server's https address, as an administrator sets it; the tests run
                // at any hour, so the campaigns' local time is about noon, outside the rules' quiet hours.
                editConfigurationFilePut("etc/org.rapport.campaigns.cfg", "publicUrl", "https://localhost:" + httpsPort),
                editConfigurationFilePut("etc/org.rapport.campaigns.cfg", "timeZone", noonZone()),
                // The container's loopback is a reverse proxy the administrator trusts, as for a proxy on the same
                // machine: a request naming its client in X-Forwarded-For counts as that client (HostileInputIT).
                editConfigurationFilePut("etc/org.rapport.rest.cfg", "trustedProxies", "127.0.0.1, ::1"),
                // The service desk: the technical queue only for analysts (and administrators), and a satisfaction
                // survey when a case closes, its link at the server's https address (CasesIT).
                editConfigurationFilePut("etc/org.rapport.service.cfg", "queueAccess", "technical=role:analyst"),
                editConfigurationFilePut("etc/org.rapport.service.cfg", "surveys", "true"),
                editConfigurationFilePut("etc/org.rapport.service.cfg", "publicUrl", "https://localhost:" + httpsPort),
                // A signed inbound webhook for SMS replies, as an administrator configures one (InboundIT).
                editConfigurationFilePut("etc/org.rapport.inbound.webhook-sms.cfg", "name", "sms"),
                editConfigurationFilePut("etc/org.rapport.inbound.webhook-sms.cfg", "secret", INBOUND_SECRET),
                systemProperty(EXAMPLES).value(System.getProperty(EXAMPLES, "")),
                systemProperty(HOSTILE).value(System.getProperty(HOSTILE, "")),
                systemProperty(PLUGIN_KAR).value(System.getProperty(PLUGIN_KAR, "")),
                // KafkaIT starts its broker as a JVM of its own, on this class path (the itests pom writes it).
                systemProperty(KafkaSidecar.CLASSPATH).value(KafkaSidecar.classpath()),
                // -Drapport.itest.database=jdbc:postgresql://... runs the same tests on PostgreSQL, configured as
                // an administrator would: the data source's file in etc/ names the driver and the URL.
                editConfigurationFilePut("etc/org.ops4j.datasource-rapport.cfg", "osgi.jdbc.driver.name",
                        DATABASE.isEmpty() ? "derby" : "PostgreSQL JDBC Driver"),
                editConfigurationFilePut("etc/org.ops4j.datasource-rapport.cfg", "url",
                        DATABASE.isEmpty() ? "jdbc:derby:${karaf.data}/derby/rapport;create=true" : DATABASE),
                // The container resolves mvn: links from the build's local repository first.
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("org.ops4j.pax.url.mvn.localRepository", "")),
                systemProperty("pax.exam.osgi.unresolved.fail").value("true")));
        // Pax Exam does not pass the flags bin/karaf uses on Java 9+; without them Karaf's spec locator fails.
        for (String flag : new String[] {
            "--add-reads=java.xml=java.logging",
            "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
            "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
            "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
            "--add-opens", "java.base/java.security=ALL-UNNAMED",
            "--add-opens", "java.base/java.net=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
            "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
            "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "-classpath", "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*",
        }) {
            options.add(new VMOption(flag));
        }
        // The container lives for a few minutes of tests: the client compiler and a serial collector,
        // as the nodes other tests start (ServerNode.TEST_JVM_OPTIONS) and the build's test JVMs.
        for (String flag : ServerNode.TEST_JVM_OPTIONS.split(" ")) {
            options.add(new VMOption(flag));
        }
        return options.toArray(new Option[0]);
    }

    /**
     * Runs in the container before a test's services are injected (Pax Exam injects when it creates
     * the test, after {@code @BeforeClass}): waits until the node says, as it says to a load
     * balancer, that every Rapport feature is served ({@code GET /api/v1/health/ready} is a 200).
     * Then the services the test injects are there, rather than a fixed service timeout deciding.
     */
    @BeforeClass
    public static void rapportIsReady() throws InterruptedException {
        if (ready) {
            return;
        }
        if (notReady != null) {
            throw new AssertionError(notReady);
        }
        URI uri = URI.create("http://localhost:" + System.getProperty(HTTP_PORT) + "/api/v1/health/ready");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(STARTUP);
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> reply = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() == 200) {
                    ready = true;
                    return;
                }
                last = reply.statusCode() + " " + reply.body();
                // Public endpoints are rate limited per address: a 429 says how long to wait.
                long retryAfter = reply.headers().firstValueAsLong("Retry-After").orElse(1);
                Thread.sleep(Math.max(1, retryAfter) * 1_000);
                continue;
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            Thread.sleep(1_000);
        }
        notReady = "Rapport was not ready within " + STARTUP.toMinutes() + " min; " + uri + " said: " + last;
        throw new AssertionError(notReady);
    }

    /** A key pair for localhost in a PKCS12 keystore, made once per build with the JDK's keytool. */
    private static File tlsKeystore() {
        File keystore = new File("target/itest-tls.p12").getAbsoluteFile();
        if (keystore.isFile()) {
            return keystore;
        }
        String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
        try {
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "rapport", "-keyalg", "RSA", "-keysize", "2048",
                    "-validity", "7", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype", "PKCS12", "-keystore", keystore.getPath(), "-storepass", TLS_PASSWORD,
                    "-keypass", TLS_PASSWORD).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return keystore;
    }

    private static String freePort() {
        return Integer.toString(Ports.free());
    }

    /** Runs a shell command as an administrator and returns what it printed; a failing command throws. */
    protected String execute(String command) {
        return executeAs(command, "admin");
    }

    /** Runs a shell command as a user with these roles; a failing or refused command throws. */
    protected String executeAs(String command, String... roles) {
        // A bundle's commands are registered by the shell's extender shortly after the services the
        // test waited for: a command an administrator cannot find yet is tried again until the
        // deadline. (Other roles do not find the commands their ACL denies them.)
        boolean admin = List.of(roles).contains("admin");
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            try {
                return run(command, null, roles);
            } catch (AssertionError e) {
                // By name: the probe bundle does not import Gogo's runtime package.
                boolean notFound = e.getCause() != null
                        && e.getCause().getClass().getSimpleName().equals("CommandNotFoundException");
                if (!admin || !notFound || System.nanoTime() > deadline) {
                    throw e;
                }
                pause("command '" + command + "' to be registered");
            }
        }
    }

    /** Runs a shell command with this standard input, as a user with these roles; a failing or refused command throws. */
    protected String executeWithInput(String command, String input, String... roles) {
        return run(command, input, roles);
    }

    /**
     * Karaf hides a command from a session whose roles its ACL does not list, so a refused command
     * is "not found"; the same commands run for the roles that may use them.
     */
    protected void refused(String command, String role) {
        try {
            executeAs(command, role);
            fail(role + " ran " + command);
        } catch (AssertionError expected) {
            String message = expected.getMessage();
            assertTrue(message, message.contains("CommandNotFoundException") || message.contains("Insufficient credentials"));
        }
    }

    /** Runs a command in a session of its own, standard input {@code input} (none if null). */
    protected String run(String command, String input, String... roles) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Subject user = new Subject();
        user.getPrincipals().add(new UserPrincipal("itest"));
        for (String role : roles) {
            user.getPrincipals().add(new RolePrincipal(role));
        }
        try {
            Subject.doAs(user, (PrivilegedExceptionAction<Object>) () -> {
                Session session = sessionFactory.create(input == null ? InputStream.nullInputStream()
                        : new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), print, print);
                try {
                    return session.execute(command);
                } finally {
                    session.close();
                }
            });
        } catch (Exception e) {
            Throwable cause = e instanceof PrivilegedActionException ? e.getCause() : e;
            throw new AssertionError("command '" + command + "' failed: " + cause + "\noutput:\n" + out, cause);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The active release of a rule package, once there is one. */
    protected Release activeRelease(String rulePackage) {
        await("rule package '" + rulePackage + "' is active",
                () -> rules.status(rulePackage).flatMap(RulePackageStatus::active).isPresent());
        return rules.status(rulePackage).flatMap(RulePackageStatus::active).orElseThrow();
    }

    /** Polls {@code condition} until it holds or the deadline passes. */
    /** A store purchase of {@code amount} by {@code contactId}, under a fresh event id. */
    protected static org.rapport.loyalty.api.PurchaseEvent purchase(long contactId, String amount) {
        return new org.rapport.loyalty.api.PurchaseEvent(contactId, "itest-" + java.util.UUID.randomUUID(),
                new java.math.BigDecimal(amount), "EUR", "store", null, null);
    }

    protected static void await(String what, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + DEADLINE.toSeconds() + " s: " + what);
            }
            pause(what);
        }
    }

    private static void pause(String waitingFor) {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for: " + waitingFor, e);
        }
    }
}
