package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.NewContact;
import org.rapport.loyalty.facts.Purchase;
import org.rapport.rest.Roles;
import org.rapport.rules.api.Rejection;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RulePackageStatus;
import org.rapport.rules.api.RuleProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rules engine's hostile corpus against the running product: each file, made a loyalty rule,
 * is refused at its file, line and column through the editor's checks endpoint (as an analyst) and
 * through the hot folder, while purchases are booked all along. Afterwards no marker file exists,
 * nothing connected to the socket the test listens on, and the loyalty release that served before
 * still serves. The sandbox judges a rule before anything of it reaches a database, so this runs
 * once, on the embedded Derby pass (on PostgreSQL it would repeat the same 124 compilations).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class HostileRulesIT extends HttpTestSupport {

    private static final Pattern REFUSED_AT = Pattern.compile("// refused at (\\d+:\\d+)");
    private static final Path MARKER = Paths.get("/tmp/rapport-hostile-marker");

    @Inject
    ContactService contacts;

    @Test
    public void everyHostileRuleIsRefusedThroughTheChecksAndTheHotFolderWhilePurchasesGoOn() throws Exception {
        Release before = activeRelease("loyalty");
        Path folder = Paths.get(System.getProperty("karaf.home"), "rules", "loyalty");
        Files.deleteIfExists(MARKER);
        long member = contacts.create(new NewContact("hostile-" + UUID.randomUUID() + "@example.com", "H", "M")).id();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger booked = new AtomicInteger();
        List<String> failed = new CopyOnWriteArrayList<>();
        Thread purchases = new Thread(() -> {
            while (running.get()) {
                Reply bought = call("POST", "/loyalty/purchases", basic(Roles.AGENT), "{\"contactId\": " + member
                        + ", \"eventId\": \"" + UUID.randomUUID() + "\", \"amount\": 12.00}");
                if (bought.status() == 201) {
                    booked.incrementAndGet();
                } else {
                    failed.add(bought.status() + " " + bought.body());
                }
            }
        }, "hostile-it-purchases");
        purchases.start();
        try (ServerSocket listener = new ServerSocket(0)) {
            listener.setSoTimeout(1);
            List<Path> corpus = corpus();
            assertTrue("the corpus is there: " + corpus.size(), corpus.size() >= 40);
            Path previous = null;
            for (Path file : corpus) {
                String name = file.getFileName().toString();
                String text = concrete(file, listener.getLocalPort());
                Matcher expected = REFUSED_AT.matcher(text);
                assertTrue(name, expected.find());
                String where = name + ":" + expected.group(1);

                ObjectNode files = JSON.createObjectNode();
                files.putObject("files").put(name, text);
                JsonNode checked = call("POST", "/rules/loyalty/checks", basic(Roles.ANALYST), files.toString()).json();
                assertFalse(name, checked.get("accepted").asBoolean());
                JsonNode first = checked.get("problems").get(0);
                assertEquals(checked.toString(), where, first.get("file").asText() + ":" + first.get("line").asInt()
                        + ":" + first.get("column").asInt());

                // The previous hostile file gives way to this one: each change of the folder is one
                // compilation, judged against the shipped files alone with the new file.
                if (previous != null) {
                    Files.delete(previous);
                }
                previous = folder.resolve(name);
                Files.writeString(previous, text, StandardCharsets.UTF_8);
                await(name + " refused through the hot folder", () -> refusedAt(name).isPresent());
                assertEquals(name, where, refusedAt(name).get().location());
            }
            Files.delete(previous);
            String last = previous.getFileName().toString();
            await(last + " no longer shown once the folder is back", () -> refusedAt(last).isEmpty());
            assertFalse("no hostile rule created its marker", Files.exists(MARKER));
            try {
                listener.accept().close();
                throw new AssertionError("a hostile rule opened a connection");
            } catch (SocketTimeoutException expected) {
                // nothing connected
            }
        } finally {
            running.set(false);
            purchases.join(30_000);
        }
        assertEquals("purchases failed meanwhile: " + failed, List.of(), failed);
        assertTrue("purchases were booked meanwhile: " + booked.get(), booked.get() > 0);
        assertEquals(before.version(), activeRelease("loyalty").version());
    }

    /** The problem the last refused change of the loyalty package has in this file, if it is refused now. */
    private Optional<RuleProblem> refusedAt(String file) {
        return rules.status("loyalty").flatMap(RulePackageStatus::lastRejection).map(Rejection::problems)
                .flatMap(problems -> problems.stream().filter(p -> p.file().equals(file)).findFirst());
    }

    private static List<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(Paths.get(System.getProperty(HOSTILE)))) {
            return files.filter(f -> f.toString().endsWith(".drl")).sorted().collect(Collectors.toList());
        }
    }

    /** A corpus file as a rule of the loyalty package, about purchases. */
    private static String concrete(Path file, int port) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace("${package}", "rapport.loyalty")
                .replace("${factClass}", Purchase.class.getName()).replace("${Fact}", Purchase.class.getSimpleName())
                .replace("${port}", String.valueOf(port));
    }
}
