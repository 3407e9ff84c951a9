package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.support.parsing.CommandLineImpl;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.rest.Roles;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.shell.RulesCompleters;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;

/** The package and release completers of the rules API on the real engine and release store. */
public class RulesCompletersTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-rules");

    private DroolsRulesEngine engine;

    @Before
    public void setUp() {
        engine = new DroolsRulesEngine(new JpaReleaseStore(db.emf()), Clock.systemUTC());
        engine.addFactModel(() -> Set.of(Customer.class), Map.of(FactModel.RULE_PACKAGE, "shop"));
        engine.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "A")), "test", "ada");
        engine.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "B")), "test", "ada");
    }

    /** The values offered for the last word of {@code words}, typed by a user with this role. */
    private static List<String> complete(Completer completer, String role, String... words) {
        String buffer = String.join(" ", words);
        String typed = words[words.length - 1];
        List<Candidate> candidates = new ArrayList<>();
        return ShellSessions.as(role, () -> {
            completer.completeCandidates(null, new CommandLineImpl(words, words.length - 1, typed.length(),
                    buffer.length(), buffer), candidates);
            return candidates.stream().map(Candidate::value).toList();
        });
    }

    @Test
    public void packagesCompleteForAnalystsOnly() {
        Completer packages = RulesCompleters.packages(engine);

        assertEquals(List.of("shop"), complete(packages, Roles.ANALYST, "rules:history", "sh"));
        assertEquals(List.of(), complete(packages, Roles.ANALYST, "rules:history", "x"));
        assertEquals(List.of(), complete(packages, Roles.AGENT, "rules:history", ""));
    }

    @Test
    public void releasesOfThePackageNamedBeforeComplete() {
        Completer releases = RulesCompleters.releases(engine);

        assertEquals(List.of("2", "1"), complete(releases, Roles.ANALYST, "rules:rollback", "shop", ""));
        assertEquals(List.of("1"), complete(releases, Roles.ADMIN, "rules:diff", "shop", "2", "1"));
        assertEquals(List.of(), complete(releases, Roles.ANALYST, "rules:rollback", "other", ""));
        assertEquals(List.of(), complete(releases, Roles.AGENT, "rules:rollback", "shop", ""));
    }
}
