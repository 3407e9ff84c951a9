package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.RuleRejectedException;

/**
 * The hostile corpus ({@code src/test/resources/sandbox/hostile}): rule files that each try a known
 * way out of a Java sandbox. Every one must be refused by the gate, with the file, line and column
 * of what it tried, before any of its code runs: no marker file appears, no connection reaches the
 * socket the test listens on, and the release already serving keeps deciding. A change that
 * weakens the sandbox fails here. The same corpus goes through the running distribution in
 * {@code HostileRulesIT}.
 */
public class HostileRulesTest {

    static final Path CORPUS = Paths.get("src/test/resources/sandbox/hostile");
    /** Each file's last line: where its first problem must be reported. */
    private static final Pattern REFUSED_AT = Pattern.compile("// refused at (\\d+:\\d+)");
    private static final Path MARKER = Paths.get("/tmp/rapport-hostile-marker");

    private final DroolsRulesEngine engine = new DroolsRulesEngine();
    private ServerSocket listener;

    @Before
    public void serve() throws IOException {
        Files.deleteIfExists(MARKER);
        listener = new ServerSocket(0);
        listener.setSoTimeout(1);
        engine.addFactModel(() -> Set.of(Customer.class), Map.of(FactModel.RULE_PACKAGE, "shop"));
        engine.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "VIP")), "test", "tester");
    }

    @After
    public void close() throws IOException {
        listener.close();
    }

    /** A corpus file made concrete for a package and its fact type, as the integration test does too. */
    static String concrete(Path file, String rulePackage, Class<?> fact, int port) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace("${package}", rulePackage)
                .replace("${factClass}", fact.getName()).replace("${Fact}", fact.getSimpleName())
                .replace("${port}", String.valueOf(port));
    }

    static List<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(f -> f.toString().endsWith(".drl")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    public void everyHostileFileIsRefusedWhereItTriesAndNothingOfItRuns() throws Exception {
        List<Path> corpus = corpus();
        assertTrue("the corpus holds at least 40 files, found " + corpus.size(), corpus.size() >= 40);
        List<String> unlocated = new ArrayList<>();
        for (Path file : corpus) {
            String name = file.getFileName().toString();
            String text = concrete(file, "shop", Customer.class, listener.getLocalPort());

            List<RuleProblem> checked = engine.check("shop", Map.of(name, text));
            assertFalse(name + " must be refused by the checks", checked.isEmpty());
            RuleRejectedException refused = assertThrows(name + " must be refused", RuleRejectedException.class,
                    () -> engine.deploy("shop", Map.of(name, text), "hot folder", "analyst"));
            RuleProblem first = refused.rejection().problems().get(0);
            assertEquals(name, first.file());
            if (first.line() <= 1 || first.column() <= 0) {
                unlocated.add(first.toString());
            }
            Matcher expected = REFUSED_AT.matcher(text);
            assertTrue(name + " says where it must be refused", expected.find());
            assertEquals(first.toString(), name + ":" + expected.group(1), first.location());
            assertEquals(name, first, checked.get(0));
            assertEquals(name, "VIP", engine.evaluate("shop", List.of(new Customer("c1", 150))).decisions().get(0)
                    .attribute("label"));
        }
        assertEquals("problems without a line and column", List.of(), unlocated);
        assertFalse("no hostile file created its marker", Files.exists(MARKER));
        assertThrows("no hostile file opened a connection", SocketTimeoutException.class, listener::accept);
    }
}
