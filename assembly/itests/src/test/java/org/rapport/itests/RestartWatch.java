package org.rapport.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.rapport.testing.ServerNode;

/**
 * Restarts a node started as a server and watches its readiness from the moment its HTTP port
 * answers: whenever {@code GET /api/v1/health/ready} says ready, the capabilities' paths must be
 * served (not 404) and the shell must have their commands. What a load balancer relies on.
 */
final class RestartWatch {

    /** Paths a ready node serves, one per capability, called as the administrator. */
    private static final List<String> PATHS = List.of("/contacts?limit=1", "/loyalty/rewards", "/privacy/holds",
            "/rules", "/segments", "/jobs", "/inbound", "/cases?limit=1", "/campaigns", "/leads", "/opportunities",
            "/offers", "/retention/tasks");
    /** Commands a ready node's shell has, one per capability. */
    private static final List<String> COMMANDS = List.of("contacts:list", "loyalty:rewards", "privacy:holds", "cases:list",
            "campaigns:list", "sales:leads");

    /** What was seen: answers before ready, the times ready was checked, and what a ready node did not serve. */
    record Watched(int notReadyAnswers, int readyChecks, List<String> broken) {
    }

    private RestartWatch() {
    }

    static Watched restart(ServerNode node, Duration within) throws Exception {
        node.close();
        node.start();
        long deadline = System.nanoTime() + within.toNanos();
        int notReady = 0;
        int readyChecks = 0;
        List<String> broken = new ArrayList<>();
        while (readyChecks < 3) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node " + node.name + " was not ready within " + within + "; see " + node.home
                        + "/data/log/karaf.log");
            }
            ServerNode.Reply ready;
            try {
                ready = node.call("GET", "/health/ready", null);
            } catch (AssertionError notListening) {
                Thread.sleep(200);
                continue;
            }
            if (ready.status() != 200) {
                notReady++;
                // The health endpoints allow 120 requests a minute per address.
                Thread.sleep(600);
                continue;
            }
            readyChecks++;
            for (String path : PATHS) {
                ServerNode.Reply served = node.admin("GET", path, null);
                if (served.status() != 200) {
                    broken.add("ready, but GET " + path + " answered " + served.status() + " " + served.body());
                }
            }
            for (String command : COMMANDS) {
                String printed = ssh(node, command);
                if (printed.contains("Command not found") || printed.contains("Rapport is starting")) {
                    broken.add("ready, but the shell said to " + command + ": " + printed);
                }
            }
        }
        return new Watched(notReady, readyChecks, broken);
    }

    /** Runs a command as the administrator over SSH, and what it printed. */
    private static String ssh(ServerNode node, String command) throws IOException {
        Properties shell = new Properties();
        try (Reader in = Files.newBufferedReader(node.home.resolve("etc/org.apache.karaf.shell.cfg"), StandardCharsets.UTF_8)) {
            shell.load(in);
        }
        int port = Integer.parseInt(shell.getProperty("sshPort").strip());
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (ClientSession session = client.connect("admin", "127.0.0.1", port).verify(Duration.ofSeconds(10)).getSession()) {
            session.addPasswordIdentity(ServerNode.ADMIN_PASSWORD);
            session.auth().verify(Duration.ofSeconds(10));
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try (ChannelExec channel = session.createExecChannel(command)) {
                channel.setOut(output);
                channel.setErr(output);
                channel.open().verify(Duration.ofSeconds(10));
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(60));
            }
            return output.toString(StandardCharsets.UTF_8);
        } finally {
            client.stop();
        }
    }
}
