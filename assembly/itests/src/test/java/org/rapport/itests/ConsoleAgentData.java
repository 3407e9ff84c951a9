package org.rapport.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

import org.rapport.testing.ServerNode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@link ConsoleIT}'s agent's day works on, seeded over REST by the administrator: a reward
 * and an offer in the catalogues, a customer with a complaint (the retention rules give agents a
 * task for it) and a case assigned to the agent, and one person recorded twice (the same phone,
 * two email addresses, "Charles" and "Charlie") to merge. The tests check every effect here,
 * through REST, never through what the page shows.
 */
final class ConsoleAgentData {

    static final String REWARD = "COFFEE";
    static final String OFFER = "ESPRESSO-MACHINE";
    /** The queues the console's server is left with. */
    static final String QUEUES = "support, billing, technical, vip";
    /** A queue the server is started with, given a case, then taken out of the settings. */
    static final String RETIRED = "returns";

    private final ServerNode server;
    final long mary;
    final long maryCase;
    /** Unassigned, in the billing queue. */
    final long invoiceCase;
    /** A case of the queue only analysts work: not there for the agent. */
    final long vipCase;
    final long maryTask;
    final long charles;
    final long charlie;

    private ConsoleAgentData(ServerNode server, String agent) throws IOException, InterruptedException {
        this.server = server;
        ok(server.admin("PUT", "/loyalty/rewards/" + REWARD, "{\"name\": \"A coffee\", \"points\": 100, \"active\": true}"));
        ok(server.admin("PUT", "/offers/" + OFFER, "{\"title\": \"The espresso machine\", \"kind\": \"upsell\", "
                + "\"description\": \"For those who buy coffee beans\"}"));
        mary = ok(server.admin("POST", "/contacts", "{\"firstName\": \"Mary\", \"lastName\": \"Somerville\", "
                + "\"email\": \"mary@example.com\"}")).get("id").asLong();
        ok(server.admin("POST", "/contacts/" + mary + "/interactions", "{\"channel\": \"phone\", \"direction\": \"inbound\", "
                + "\"type\": \"complaint\", \"summary\": \"The parcel came broken\"}"));
        maryCase = ok(server.admin("POST", "/cases", "{\"contactId\": " + mary + ", \"subject\": \"Broken parcel\", "
                + "\"message\": \"The parcel came broken. What now?\", \"channel\": \"chat\", \"priority\": \"high\", "
                + "\"assignee\": \"" + agent + "\"}")).get("id").asLong();
        // Other cases in the queues: the agent's list filters them out.
        invoiceCase = ok(server.admin("POST", "/cases", "{\"contactId\": " + mary + ", \"subject\": \"Invoice address\", "
                + "\"message\": \"Please send invoices to the office.\", \"channel\": \"email\", \"priority\": \"low\", "
                + "\"queue\": \"billing\"}")).get("id").asLong();
        ok(server.admin("POST", "/cases", "{\"contactId\": " + mary + ", \"subject\": \"The app will not sign in\", "
                + "\"message\": \"Since this morning.\", \"channel\": \"phone\", \"priority\": \"urgent\", "
                + "\"queue\": \"technical\"}"));
        vipCase = ok(server.admin("POST", "/cases", "{\"contactId\": " + mary + ", \"subject\": \"Lost passport\", "
                + "\"message\": \"I left it in the shop.\", \"queue\": \"vip\"}")).get("id").asLong();
        // A queue no longer configured that a case is still in: the list filters by it, no move offers it.
        ok(server.admin("POST", "/cases", "{\"contactId\": " + mary + ", \"subject\": \"Return label\", "
                + "\"message\": \"Where do I print it?\", \"queue\": \"" + RETIRED + "\"}"));
        Path settings = server.home.resolve("etc").resolve("org.rapport.service.cfg");
        Files.writeString(settings, Files.readString(settings).replaceAll("(?m)^queues\\s*=.*$", "queues = " + QUEUES));
        await("queue " + RETIRED + " no longer configured", "/cases/queues",
                queues -> !queues.get("items").toString().contains(RETIRED));
        // The complaint reaches retention after its transaction: the task is raised a moment later.
        maryTask = await("the complaint's retention task", "/retention/tasks?queue=customer-care",
                tasks -> tasks.get("items").findValues("contactId").stream().anyMatch(c -> c.asLong() == mary))
                .get("items").findParents("contactId").stream().filter(t -> t.get("contactId").asLong() == mary)
                .findFirst().orElseThrow().get("id").asLong();
        charles = ok(server.admin("POST", "/contacts", "{\"firstName\": \"Charles\", \"lastName\": \"Babbage\", "
                + "\"email\": \"charles@example.com\", \"phone\": \"+44 20 7946 0002\"}")).get("id").asLong();
        charlie = ok(server.admin("POST", "/contacts", "{\"firstName\": \"Charlie\", \"lastName\": \"Babbage\", "
                + "\"email\": \"c.babbage@example.org\", \"phone\": \"+44 20 7946 0002\", \"tags\": [\"engines\"]}"))
                .get("id").asLong();
        ok(server.admin("POST", "/contacts/" + charlie + "/interactions", "{\"channel\": \"email\", \"direction\": "
                + "\"inbound\", \"type\": \"enquiry\", \"summary\": \"Asked about the difference engine\"}"));
    }

    /**
     * The service desk's settings for the console's server: the SLA check warns of a target as
     * soon as a hundred-thousandth of its time has passed, so the agent's case has escalations to
     * show in its decisions without waiting hours for them; and a queue only analysts work.
     */
    static Map<String, String> etc() {
        return Map.of("org.rapport.service.cfg", "warningFraction = 0.00001\nqueues = " + QUEUES + ", " + RETIRED + "\n"
                + "queueAccess = vip=role:analyst");
    }

    static ConsoleAgentData seed(ServerNode server, String agent) throws IOException, InterruptedException {
        return new ConsoleAgentData(server, agent);
    }

    private static JsonNode ok(ServerNode.Reply reply) {
        assertTrue(reply.status() + " " + reply.body(), reply.status() == 200 || reply.status() == 201);
        return reply.json();
    }

    JsonNode get(String path) {
        return ok(server.admin("GET", path, null));
    }

    /** GETs {@code path} until {@code until} holds (20 s at most). */
    JsonNode await(String what, String path, Predicate<JsonNode> until) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        JsonNode answer = get(path);
        while (!until.test(answer)) {
            assertTrue(what + ": " + answer, Instant.now().isBefore(end));
            Thread.sleep(200);
            answer = get(path);
        }
        return answer;
    }

    /** The one contact that searching for {@code email} finds. */
    long contactByEmail(String email) {
        JsonNode page = get("/contacts?q=" + email);
        assertTrue(page.toString(), page.get("total").asInt() == 1);
        return page.get("items").get(0).get("id").asLong();
    }

    /** 200 for a loyalty member, 404 for a contact who has bought nothing yet. */
    int memberStatus(long contact) {
        return server.admin("GET", "/loyalty/members/" + contact, null).status();
    }

    JsonNode contact(long id) {
        return get("/contacts/" + id);
    }

    /** The case's details. */
    JsonNode serviceCase(long id) {
        return get("/cases/" + id).get("details");
    }

    /**
     * Runs the SLA check, as an analyst may, until the case's thread holds an escalation of each
     * target it has (20 s at most); answers those escalations.
     */
    java.util.List<JsonNode> escalations(long id) throws InterruptedException {
        JsonNode c = serviceCase(id);
        int targets = (c.get("firstResponseDue").isNull() ? 0 : 1) + (c.get("resolutionDue").isNull() ? 0 : 1);
        assertTrue("the case has targets: " + c, targets > 0);
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            ok(server.admin("POST", "/cases/checks", "{}"));
            java.util.List<JsonNode> raised = entries(id, "ESCALATION");
            if (raised.size() >= targets) {
                return raised;
            }
            assertTrue("escalations of case " + id + ": " + raised, Instant.now().isBefore(end));
            Thread.sleep(200);
        }
    }

    /** The entries of a kind ("REPLY", "NOTE") in the case's thread. */
    java.util.List<JsonNode> entries(long id, String kind) {
        java.util.List<JsonNode> found = new java.util.ArrayList<>();
        get("/cases/" + id).get("thread").forEach(e -> {
            if (e.get("kind").asText().equalsIgnoreCase(kind)) {
                found.add(e);
            }
        });
        return found;
    }

    /** The task as the open and closed lists show it. */
    JsonNode task(long id) {
        for (JsonNode t : get("/retention/tasks?status=all&limit=500").get("items")) {
            if (t.get("id").asLong() == id) {
                return t;
            }
        }
        throw new AssertionError("no task " + id);
    }

    /** The current consent record of a purpose on a channel, or null. */
    JsonNode consent(long contact, String purpose, String channel) {
        for (JsonNode c : get("/contacts/" + contact + "/consents").get("current")) {
            if (c.get("purpose").asText().equals(purpose) && c.get("channel").asText().equalsIgnoreCase(channel)) {
                return c;
            }
        }
        return null;
    }
}
