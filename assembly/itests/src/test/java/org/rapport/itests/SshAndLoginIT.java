package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.scp.client.ScpClientCreator;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.rapport.rest.Roles;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The doors people sign in by, tried as an attacker would: SSH only on loopback, no SFTP, no SCP,
 * no port forwarding; failed logins throttled per address and name over SSH and HTTP together
 * without locking out other names, with {@code Retry-After} and an audit entry; the first
 * administrator's password in a file only the server's user reads; readiness as a load balancer
 * and an SSH user see it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SshAndLoginIT extends SshTestSupport {

    @Test
    public void sshListensOnLoopbackOnly() throws IOException {
        assertEquals("127.0.0.1", karafConfig("org.apache.karaf.shell.cfg").getProperty("sshHost").strip());
        Optional<InetAddress> outside = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(network -> Collections.list(network.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()).findFirst();
        assumeTrue("this machine has an address other than loopback to try", outside.isPresent());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(outside.get(), sshPort), 2_000);
            fail("SSH answered on " + outside.get().getHostAddress() + ":" + sshPort);
        } catch (IOException refused) {
            // Nothing listens there.
        }
        try (ClientSession session = signIn("127.0.0.1", agent, PASSWORD)) {
            assertTrue(session.isAuthenticated());
        }
    }

    @Test
    public void sftpIsRefused() throws IOException {
        try (ClientSession session = signIn("127.0.0.1", agent, PASSWORD)) {
            try {
                SftpClientFactory.instance().createSftpClient(session).close();
                fail("an SFTP session was opened for an agent");
            } catch (IOException refused) {
                // No SFTP subsystem.
            }
        }
        JsonNode audited = call("GET", "/audit?action=refused.transfer&actor=" + agent, basic(Roles.ADMIN), null).json()
                .get("items");
        assertTrue("the refusal is audited: " + audited, audited.size() > 0
                && audited.get(0).get("subject").asText().equals("sftp")
                && audited.get(0).get("after").asText().startsWith("refused from 127.0.0.1: "));
    }

    @Test
    public void scpIsRefusedBothWays() throws IOException {
        Path copy = Files.createTempFile("itest-scp", ".key");
        Files.delete(copy);
        try (ClientSession session = signIn("127.0.0.1", agent, PASSWORD)) {
            try {
                ScpClientCreator.instance().createScpClient(session).download("etc/host.key", copy);
                fail("SCP copied etc/host.key to an agent");
            } catch (IOException refused) {
                assertFalse(Files.exists(copy));
            }
        }
        Path upload = Files.writeString(Files.createTempFile("itest-scp", ".txt"), "itest");
        try (ClientSession session = signIn("127.0.0.1", agent, PASSWORD)) {
            try {
                ScpClientCreator.instance().createScpClient(session).upload(upload, "deploy/itest-scp.txt");
                fail("SCP wrote into deploy/ for an agent");
            } catch (IOException refused) {
                assertFalse(Files.exists(Paths.get(System.getProperty("karaf.home"), "deploy", "itest-scp.txt")));
            }
        }
    }

    @Test
    public void portForwardingIsRefused() throws IOException {
        assertForwardingRefused();

        JsonNode audited = call("GET", "/audit?action=refused.forwarding&actor=" + agent, basic(Roles.ADMIN), null).json()
                .get("items");
        assertTrue("the refusal is audited: " + audited, audited.size() > 0
                && audited.get(0).get("subject").asText().endsWith(" 127.0.0.1:" + System.getProperty(HTTP_PORT))
                && audited.get(0).get("after").asText().startsWith("refused from 127.0.0.1: "));
    }

    /**
     * Karaf stops its SSH server and starts a new one when the shell's configuration changes: the
     * new server takes the same guards (Karaf leaves the old one registered, stopped).
     */
    @Test
    public void aServerRestartedByANewConfigurationIsGuardedToo() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
        Set<SshServer> before = new HashSet<>(sshServers(context));
        // As an administrator would: a setting changed in etc/, which Karaf reads again at once.
        Files.writeString(Paths.get(System.getProperty("karaf.etc"), "org.apache.karaf.shell.cfg"),
                "\nsshIdleTimeout = 1800001\n", StandardOpenOption.APPEND);

        await("Karaf starts a new SSH server", () -> sshServers(context).stream()
                .anyMatch(server -> !before.contains(server) && server.isStarted()));
        await("the new server takes logins", () -> {
            try {
                return signsIn(agent, PASSWORD);
            } catch (IOException notYet) {
                return false;
            }
        });
        assertForwardingRefused();
        String victim = "itest-victim-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(victim, PASSWORD, Set.of(Roles.AGENT));
        int perMinute = Integer.parseInt(karafConfig("org.rapport.rest.cfg").getProperty("failedLoginsPerMinute").strip());
        for (int i = 0; i < perMinute; i++) {
            assertFalse("guess " + i, signsIn(victim, "wrong-password-" + i));
        }
        assertFalse("the new server throttles too", signsIn(victim, PASSWORD));
    }

    private static List<SshServer> sshServers(BundleContext context) {
        try {
            return context.getServiceReferences(SshServer.class, null).stream().map(context::getService).toList();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertForwardingRefused() throws IOException {
        try (ClientSession session = signIn("127.0.0.1", agent, PASSWORD)) {
            SshdSocketAddress local = session.startLocalPortForwarding(new SshdSocketAddress("127.0.0.1", 0),
                    new SshdSocketAddress("127.0.0.1", Integer.parseInt(System.getProperty(HTTP_PORT))));
            try (Socket socket = new Socket(local.getHostName(), local.getPort())) {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                socket.getOutputStream().write("GET /api/v1/health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String answer;
                try {
                    answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                } catch (IOException closed) {
                    answer = "";
                }
                assertFalse("the server forwarded a connection for an agent: " + answer, answer.contains("HTTP/"));
            }
        }
    }

    @Test
    public void hammeringOneNameThrottlesItOverSshAndHttpButNotOthers() throws Exception {
        int perMinute = Integer.parseInt(karafConfig("org.rapport.rest.cfg").getProperty("failedLoginsPerMinute").strip());
        String victim = "itest-victim-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(victim, PASSWORD, Set.of(Roles.ADMIN));

        for (int i = 0; i < perMinute; i++) {
            assertFalse("guess " + i, signsIn(victim, "wrong-password-" + i));
        }

        assertFalse("the right password is refused while the name is throttled from here", signsIn(victim, PASSWORD));
        assertTrue("another name from the same address signs in at once", signsIn(agent, PASSWORD));
        Reply http = call("GET", "/session", basicOf(victim, PASSWORD), null);
        assertEquals("HTTP shares the count: " + http.body(), 429, http.status());
        assertEquals("too_many_failed_logins", http.json().get("code").asText());
        long retryAfter = Long.parseLong(http.raw().headers().firstValue("Retry-After").orElseThrow());
        assertTrue("Retry-After " + retryAfter, retryAfter >= 1 && retryAfter <= 60);
        assertEquals(200, call("GET", "/session", basic(Roles.AGENT), null).status());
        JsonNode audit = call("GET", "/audit?subject=" + java.net.URLEncoder.encode("user " + victim, StandardCharsets.UTF_8)
                + "&action=login.", basic(Roles.ADMIN), null).json();
        JsonNode entries = audit.isArray() ? audit : audit.get("items");
        assertTrue("the refusal is audited: " + audit, entries.size() >= 1);
        assertEquals("login.throttled", entries.get(0).get("action").asText());

        // The wait is bounded: the next allowed try comes after Retry-After, not after the attack.
        await("the right password works again after the wait", () -> {
            try {
                return signsIn(victim, PASSWORD);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static String basicOf(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void theFirstAdministratorPasswordIsInAFileOnlyTheServerReadsUntilChanged() throws IOException {
        Path file = Paths.get(System.getProperty("karaf.data"), "initial-admin-password");
        assumeTrue("the administrator was created by this container (not by an earlier run on the same database)",
                Files.exists(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        assertTrue("the file's password signs the administrator in", signsIn("admin", password));
        String log = Files.readString(Paths.get(System.getProperty("karaf.data"), "log", "karaf.log"), StandardCharsets.UTF_8);
        assertTrue("the log names the file", log.contains(file.toString()));
        assertFalse("the log never has the password", log.contains(password));

        users.setPassword("admin", password + "-changed");

        assertFalse("the file is deleted when the password is first changed", Files.exists(file));
        assertFalse(signsIn("admin", password));
    }

    @Test
    public void readinessFollowsWhatIsServedAndSshWaitsForIt() throws Exception {
        Reply ready = call("GET", "/health/ready", Map.of(), null);
        assertEquals(ready.body(), 200, ready.status());
        assertTrue(ready.json().get("ready").asBoolean());
        assertEquals(0, call("GET", "/health", Map.of(), null).json().get("starting").size());
        String admin = "itest-ssh-admin-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(admin, PASSWORD, Set.of(Roles.ADMIN));
        Bundle loyalty = java.util.Arrays.stream(FrameworkUtil.getBundle(getClass()).getBundleContext().getBundles())
                .filter(bundle -> bundle.getLocation().contains("rapport-loyalty-impl")).findFirst().orElseThrow();

        loyalty.stop();
        try {
            await("readiness names the stopped feature", () -> {
                Reply starting = call("GET", "/health/ready", Map.of(), null);
                return starting.status() == 503 && starting.json().get("waitingFor").toString().contains("rapport-loyalty");
            });
            assertEquals("STARTING", call("GET", "/health", Map.of(), null).json().get("status").asText());
            assertEquals(404, call("GET", "/loyalty/rewards", basic(Roles.AGENT), null).status());
            try (ClientSession session = signIn("127.0.0.1", admin, PASSWORD)) {
                Thread restart = new Thread(() -> {
                    try {
                        Thread.sleep(1_000);
                        loyalty.start();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                restart.start();
                Map.Entry<Integer, String> rewards = exec(session, "loyalty:rewards", Duration.ofSeconds(90));
                restart.join();
                assertTrue("the shell says it is starting: " + rewards.getValue(), rewards.getValue().contains("Rapport is starting"));
                assertFalse(rewards.getValue(), rewards.getValue().contains("Command not found"));
                assertEquals(rewards.getValue(), 0, (int) rewards.getKey());
            }
        } finally {
            if (loyalty.getState() != Bundle.ACTIVE) {
                loyalty.start();
            }
        }
        await("ready again", () -> call("GET", "/health/ready", Map.of(), null).status() == 200);
        assertEquals(200, call("GET", "/loyalty/rewards", basic(Roles.AGENT), null).status());
        assertNotNull(activeRelease("loyalty"));
    }
}
