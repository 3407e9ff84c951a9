package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.rapport.testing.ServerNode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two nodes on loopback against one PostgreSQL, each a distribution started as a server: a rule
 * release deployed on node A is active on node B; a shadow started on node A runs on node B and
 * ends on A when dropped on B; a person created on node A logs in on node B;
 * the same purchase (and the same interaction)
 * sent to both at once is booked once; a scheduled task that both nodes' schedulers fire runs once; and a re-evaluation job on a
 * node that is killed half-way is finished by the other. Runs with
 * {@code -Drapport.itest.database=jdbc:postgresql:...} (as {@code .ci/run} does; only then is it
 * included in the build, by the profile {@code postgresql}), in a schema of its own; the steps run in order on the same two nodes, and the last one kills node A.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class TwoNodesIT {

    private static final String DATABASE = System.getProperty("rapport.itest.database", "");
    private static final int SEEDED_MEMBERS = 100_000;
    private static final long FIRST_SEEDED = 50_000_000L;

    private static String schema;
    private static ServerNode nodeA;
    private static ServerNode nodeB;

    @BeforeClass
    public static void startTwoNodes() throws Exception {
        if (!DATABASE.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("several nodes need PostgreSQL: -Drapport.itest.database=jdbc:postgresql:...");
        }
        schema = "two_nodes_" + System.currentTimeMillis();
        sql("create schema " + schema);
        String url = DATABASE + (DATABASE.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Path archive = Path.of(System.getProperty("rapport.itest.distribution"));
        Path dir = Path.of(System.getProperty("rapport.itest.nodes.dir"));
        // Every 15 s, so that the test sees the schedulers of both nodes fire the sweep a few times.
        Map<String, String> etc = Map.of("org.rapport.retention.sweep.cfg", "scheduler.expression = 0/15 * * * * ?",
                "org.rapport.cluster.cfg", "taskGapSeconds = 10\ncheckEverySeconds = 2");
        nodeA = ServerNode.unpack(archive, dir.resolve("a-" + schema), "node-a", url, etc).withTestJvm();
        nodeB = ServerNode.unpack(archive, dir.resolve("b-" + schema), "node-b", url, etc).withTestJvm();
        // One after the other, as an administrator adds a node to a running one.
        nodeA.start();
        nodeA.awaitUp(Duration.ofMinutes(4));
        nodeB.start();
        nodeB.awaitUp(Duration.ofMinutes(4));
    }

    @AfterClass
    public static void stopNodes() throws Exception {
        try {
            for (ServerNode node : new ServerNode[] {nodeA, nodeB}) {
                if (node != null) {
                    node.close();
                }
            }
        } finally {
            if (schema != null) {
                sql("drop schema " + schema + " cascade");
            }
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(DATABASE); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static long count(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(DATABASE); Statement s = c.createStatement()) {
            s.execute("set search_path to " + schema);
            try (ResultSet r = s.executeQuery(query)) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    public void step1AReleaseDeployedOnNodeAIsActiveOnNodeBWithinSixSeconds() throws Exception {
        JsonNode before = nodeA.release("loyalty").orElseThrow();
        assertEquals("both nodes start on the same release", before.get("hash"), nodeB.release("loyalty").orElseThrow()
                .get("hash"));
        JsonNode files = nodeA.admin("GET", "/rules/loyalty/releases/" + before.get("version").asLong(), null).json()
                .get("files");
        Map<String, String> changed = ServerNode.JSON.convertValue(files, Map.class);
        changed.put("tiers.drl", changed.get("tiers.drl") + "\n// Reviewed for two nodes.\n");

        ServerNode.Reply deployed = nodeA.admin("PUT", "/rules/loyalty", ServerNode.JSON.writeValueAsString(Map.of("files", changed)));
        long acceptedAt = System.nanoTime();
        assertEquals(deployed.body(), 200, deployed.status());
        long version = deployed.json().get("version").asLong();
        assertEquals(before.get("version").asLong() + 1, version);

        await("node B runs release " + version, Duration.ofSeconds(6),
                () -> nodeB.release("loyalty").orElseThrow().get("version").asLong() == version);
        System.out.printf("Release v%d accepted on node A was active on node B after %d ms%n", version,
                (System.nanoTime() - acceptedAt) / 1_000_000);
        assertEquals(deployed.json().get("hash").asText(), nodeB.release("loyalty").orElseThrow().get("hash").asText());
        assertEquals("node-b", nodeB.call("GET", "/health", null).json().get("node").asText());
        // ServerNode B's hot folder follows: it holds what runs, and deploying it again changes nothing.
        await("node B's folder holds the release", Duration.ofSeconds(5), () -> {
            try {
                return Files.readString(nodeB.home.resolve("rules/loyalty/tiers.drl")).equals(changed.get("tiers.drl"));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        Thread.sleep(1500);
        assertEquals(version, nodeA.release("loyalty").orElseThrow().get("version").asLong());
        assertEquals(version, nodeB.release("loyalty").orElseThrow().get("version").asLong());
    }

    /** Sends the same request to both nodes at the same moment; answers node A's reply and node B's. */
    private static List<ServerNode.Reply> toBothAtOnce(ExecutorService senders, String path, String body) throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<ServerNode.Reply>> replies = new ArrayList<>();
        for (ServerNode node : new ServerNode[] {nodeA, nodeB}) {
            replies.add(senders.submit(() -> {
                together.await();
                return node.admin("POST", path, body);
            }));
        }
        return List.of(replies.get(0).get(), replies.get(1).get());
    }

    @Test
    public void step1bAPersonCreatedOnNodeALogsInOnNodeB() throws Exception {
        ServerNode.Reply created = nodeA.admin("POST", "/users", "{\"name\": \"dana\", \"password\": "
                + "\"danas-long-password\", \"roles\": [\"analyst\"]}");
        assertEquals(created.body(), 201, created.status());
        String dana = "Basic " + java.util.Base64.getEncoder().encodeToString("dana:danas-long-password"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        ServerNode.Reply onB = nodeB.call("GET", "/retention/sweeps", null, "Authorization", dana);
        assertEquals(onB.body(), 200, onB.status());
        ServerNode.Reply changed = nodeB.admin("PUT", "/users/dana/password", "{\"password\": \"danas-second-password\"}");
        assertTrue(changed.body(), changed.status() < 300);
        ServerNode.Reply oldOnA = nodeA.call("GET", "/retention/sweeps", null, "Authorization", dana);
        assertEquals("the password changed on node B is node A's too: " + oldOnA.body(), 401, oldOnA.status());
    }

    /** Shadows are stored like releases: one started on node A runs on node B, and one dropped on B ends on A. */
    @Test
    public void step1cAShadowStartedOnNodeARunsOnNodeBUntilDroppedThere() throws Exception {
        JsonNode active = nodeA.release("loyalty").orElseThrow();
        JsonNode files = nodeA.admin("GET", "/rules/loyalty/releases/" + active.get("version").asLong(), null).json()
                .get("files");
        // Silver renamed: a candidate the shipped tier scenarios would refuse as a release, so it goes without them.
        Map<String, String> candidate = Map.of("tiers.drl", files.get("tiers.drl").asText().replace("\"Silver\");",
                "\"Pewter\");"), "earning.drl", files.get("earning.drl").asText());
        ServerNode.Reply started = nodeA.admin("PUT", "/rules/loyalty/shadow",
                ServerNode.JSON.writeValueAsString(Map.of("files", candidate)));
        assertEquals(started.body(), 200, started.status());
        String hash = started.json().get("hash").asText();

        await("node B runs the shadow", Duration.ofSeconds(6), () -> {
            ServerNode.Reply onB = nodeB.admin("GET", "/rules/loyalty/shadow", null);
            return onB.status() == 200 && onB.json().get("hash").asText().equals(hash);
        });
        ServerNode.Reply member = nodeB.admin("POST", "/contacts", "{\"email\": \"shadow.two.nodes@example.com\"}");
        assertEquals(member.body(), 201, member.status());
        ServerNode.Reply purchase = nodeB.admin("POST", "/loyalty/purchases", "{\"contactId\": "
                + member.json().get("id").asLong() + ", \"eventId\": \"SHADOW-TWO-NODES\", \"amount\": 1500.00, "
                + "\"currency\": \"EUR\", \"channel\": \"store\"}");
        assertTrue(purchase.body(), purchase.status() == 200 || purchase.status() == 201);
        JsonNode onB = nodeB.admin("GET", "/rules/loyalty/shadow", null).json();
        assertTrue(onB.toString(), onB.get("evaluations").asLong() > 0);
        assertTrue(onB.toString(), onB.get("differences").get("changes").has("loyalty.set-tier: tier=Silver -> tier=Pewter"));
        await("node A shows what node B counted", Duration.ofSeconds(6), () -> nodeA.admin("GET", "/rules/loyalty/shadow",
                null).json().get("differences").get("changes").has("loyalty.set-tier: tier=Silver -> tier=Pewter"));

        assertEquals(200, nodeB.admin("DELETE", "/rules/loyalty/shadow", null).status());
        await("node A's shadow ends", Duration.ofSeconds(6),
                () -> nodeA.admin("GET", "/rules/loyalty/shadow", null).status() == 404);
    }

    @Test
    public void step2TheSameEventSentToBothNodesAtOnceIsBookedOnce() throws Exception {
        ServerNode.Reply created = nodeA.admin("POST", "/contacts", "{\"email\": \"two.nodes@example.com\"}");
        assertEquals(created.body(), 201, created.status());
        long contactId = created.json().get("id").asLong();
        int events = 12;
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < events; i++) {
                Set<Long> entries = new HashSet<>();
                int firstBookings = 0;
                for (ServerNode.Reply r : toBothAtOnce(senders, "/loyalty/purchases", "{\"contactId\": " + contactId
                        + ", \"eventId\": \"TWO-NODES-" + i + "\", \"amount\": 120.00, \"currency\": \"EUR\", "
                        + "\"channel\": \"web\"}")) {
                    assertTrue(r.body(), r.status() == 200 || r.status() == 201);
                    entries.add(r.json().get("entry").get("id").asLong());
                    firstBookings += r.json().get("replayed").asBoolean() ? 0 : 1;
                }
                assertEquals("both nodes answer with the one entry", 1, entries.size());
                assertEquals("one node booked it, the other replayed it", 1, firstBookings);
                Set<Long> calls = new HashSet<>();
                for (ServerNode.Reply r : toBothAtOnce(senders, "/contacts/" + contactId + "/interactions", "{\"channel\": "
                        + "\"phone\", \"direction\": \"inbound\", \"type\": \"call\", \"eventId\": \"PBX-" + i + "\"}")) {
                    assertEquals(r.body(), 201, r.status());
                    calls.add(r.json().get("id").asLong());
                }
                assertEquals("both nodes answer with the one interaction", 1, calls.size());
            }
        } finally {
            senders.shutdownNow();
        }

        JsonNode ledger = nodeB.admin("GET", "/loyalty/members/" + contactId + "/ledger?limit=100", null).json().get("items");
        long earned = 0;
        int earns = 0;
        for (JsonNode entry : ledger) {
            if (entry.get("kind").asText().equalsIgnoreCase("earn")) {
                earns++;
                earned += entry.get("points").asLong();
            }
        }
        assertEquals(events, earns);
        JsonNode member = nodeA.admin("GET", "/loyalty/members/" + contactId, null).json();
        assertEquals(earned, member.get("balance").asLong());
        assertEquals(events, count("select count(*) from LOYALTY_ENTRY where SOURCE like 'purchase:TWO-NODES-%'"));
        assertEquals(events, count("select count(*) from INTERACTION where EVENT_ID like 'PBX-%'"));
        // Each purchase reaches the timeline once, from the node that booked it.
        await("the purchases on the timeline", Duration.ofSeconds(10), () -> {
            try {
                return count("select count(*) from INTERACTION where CONTACT_ID = " + contactId + " and TYPE = 'purchase'")
                        >= events;
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        });
        Thread.sleep(1000);
        assertEquals(events, count("select count(*) from INTERACTION where CONTACT_ID = " + contactId
                + " and TYPE = 'purchase'"));
    }

    @Test
    public void step3AScheduledSweepFiredByBothNodesRunsOnce() throws Exception {
        // The sweep is scheduled every 15 s on both nodes; each firing starts one sweep, on one node.
        await("three scheduled sweeps", Duration.ofSeconds(75), () -> scheduledSweeps().size() >= 3);
        List<Instant> starts = scheduledSweeps();
        for (int i = 1; i < starts.size(); i++) {
            long apart = Duration.between(starts.get(i - 1), starts.get(i)).toSeconds();
            assertTrue("sweeps " + starts + ": two began " + apart + " s apart", apart >= 10);
        }
        assertEquals(1, count("select count(*) from CLUSTER_TASK where TASK = 'retention.sweep'"));
    }

    private List<Instant> scheduledSweeps() {
        List<Instant> starts = new ArrayList<>();
        for (JsonNode sweep : nodeB.admin("GET", "/retention/sweeps", null).json().get("items")) {
            if (sweep.get("requester").asText().equals("daily sweep")) {
                starts.add(Instant.parse(sweep.get("startedAt").asText()));
            }
        }
        starts.sort(null);
        return starts;
    }

    @Test
    public void step4AJobOnANodeKilledHalfWayIsFinishedByTheOther() throws Exception {
        // Gold members without points: each is judged at risk, a change with its tier history and ledger rows.
        sql("insert into " + schema + ".LOYALTY_MEMBER (CONTACT_ID, BALANCE, TIER, TIER_RELEASE, JOINED_AT, TIER_SINCE) "
                + "select g, 0, 'Gold', 0, now() at time zone 'UTC', now() at time zone 'UTC' from generate_series(" + FIRST_SEEDED + ", "
                + (FIRST_SEEDED + SEEDED_MEMBERS - 1) + ") g");
        ServerNode.Reply started = nodeA.admin("POST", "/loyalty/reevaluations", null);
        assertEquals(started.body(), 202, started.status());
        long job = started.json().get("id").asLong();
        long total = started.json().get("total").asLong();
        await("node A's job is under way", Duration.ofSeconds(60),
                () -> nodeA.admin("GET", "/loyalty/reevaluations/" + job, null).json().get("evaluated").asLong() >= 2_000);
        JsonNode atKill = nodeA.admin("GET", "/loyalty/reevaluations/" + job, null).json();
        nodeA.kill();
        assertEquals("RUNNING", atKill.get("state").asText());
        assertTrue("killed half-way: " + atKill, atKill.get("evaluated").asLong() < total);

        await("node B finishes the job", Duration.ofMinutes(3),
                () -> !nodeB.admin("GET", "/loyalty/reevaluations/" + job, null).json().get("state").asText().equals("RUNNING"));
        JsonNode done = nodeB.admin("GET", "/loyalty/reevaluations/" + job, null).json();
        System.out.printf("Re-evaluation job %d: node A killed after %d of %d members; node B finished it: %s%n", job,
                atKill.get("evaluated").asLong(), total, done);
        assertEquals(done.toString(), "DONE", done.get("state").asText());
        assertEquals("every member evaluated once, from where node A stopped", total, done.get("evaluated").asLong());
        assertEquals(0, count("select count(*) from LOYALTY_MEMBER where CONTACT_ID >= " + FIRST_SEEDED
                + " and AT_RISK_SINCE is null"));
    }
}
