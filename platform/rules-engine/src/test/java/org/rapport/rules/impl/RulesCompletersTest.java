package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.karaf.shell.api.console.Completer;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.rest.Roles;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.shell.RulesCompleters;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** The package and release completers of the rules API on the real engine and release store. */
@Category(UsesDatabase.class)
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

    @Test
    public void packagesCompleteForAnalystsOnly() {
        Completer packages = RulesCompleters.packages(engine);

        assertEquals(List.of("shop"), ShellSessions.values(packages, Roles.ANALYST, "rules:history", "sh"));
        assertEquals(List.of(), ShellSessions.values(packages, Roles.ANALYST, "rules:history", "x"));
        assertEquals(List.of(), ShellSessions.values(packages, Roles.AGENT, "rules:history", ""));
    }

    @Test
    public void releasesOfThePackageNamedBeforeComplete() {
        Completer releases = RulesCompleters.releases(engine);

        assertEquals(List.of("2", "1"), ShellSessions.values(releases, Roles.ANALYST, "rules:rollback", "shop", ""));
        assertEquals(List.of("1"), ShellSessions.values(releases, Roles.ADMIN, "rules:diff", "shop", "2", "1"));
        assertEquals(List.of(), ShellSessions.values(releases, Roles.ANALYST, "rules:rollback", "other", ""));
        assertEquals(List.of(), ShellSessions.values(releases, Roles.AGENT, "rules:rollback", "shop", ""));
    }
}
