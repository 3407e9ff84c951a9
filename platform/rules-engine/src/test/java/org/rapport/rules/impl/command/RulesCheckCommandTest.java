package org.rapport.rules.impl.command;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.Member;

/** {@code rules:check}: the active release's findings, or a candidate's, one line each, nothing deployed. */
public class RulesCheckCommandTest {

    private static final Path CORPUS = Path.of("src/test/resources/checks");

    @Rule
    public final TemporaryFolder home = new TemporaryFolder();

    private final DroolsRulesEngine engine = new DroolsRulesEngine();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream console;
    private String karafHome;

    @Before
    public void setUp() {
        engine.addFactModel(() -> Set.of(Member.class), Map.of(FactModel.RULE_PACKAGE, "club"));
        console = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        karafHome = System.getProperty("karaf.home");
        System.setProperty("karaf.home", home.getRoot().toString());
    }

    @After
    public void tearDown() {
        System.setOut(console);
        if (karafHome == null) {
            System.clearProperty("karaf.home");
        } else {
            System.setProperty("karaf.home", karafHome);
        }
    }

    private RulesCheckCommand command(List<String> paths) {
        RulesCheckCommand command = new RulesCheckCommand();
        command.engine = engine;
        command.rulePackage = "club";
        command.paths = paths;
        return command;
    }

    @Test
    public void theActiveReleasesWarningsAreListedWithTheirPlace() throws Exception {
        engine.deploy("club", Map.of("tiers.drl", Files.readString(CORPUS.resolve("conflict-overlap.drl"))), "test", "tester");

        command(null).execute();

        String shown = out.toString(StandardCharsets.UTF_8);
        assertTrue(shown, shown.contains("tiers.drl:6: warning: conflict: rules 'CLUB-001 Gold from 1,000 points'"));
        assertTrue(shown, shown.contains("tiers.drl: accepted, 1 warning(s)"));
    }

    @Test
    public void aCandidateWithADeclaredGapIsRefusedAndNothingIsDeployed() throws Exception {
        Path folder = Files.createDirectories(home.getRoot().toPath().resolve("rules/staging"));
        Files.copy(CORPUS.resolve("gap-declared.drl"), folder.resolve("tiers.drl"));

        assertThrows(IllegalStateException.class, () -> command(List.of("staging")).execute());

        String shown = out.toString(StandardCharsets.UTF_8);
        assertTrue(shown, shown.contains("tiers.drl:6: error: gap: no rule decides club.set-tier for Member where "
                + "points in [100, 199], tier == null"));
        assertTrue(shown, shown.contains("tiers.drl: refused, 0 warning(s)"));
        assertTrue("nothing deployed", engine.history("club").isEmpty());
    }
}
