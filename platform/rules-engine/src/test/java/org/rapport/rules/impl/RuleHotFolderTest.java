package org.rapport.rules.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.service.event.Event;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleEvents;
import org.rapport.rules.api.RulePackageStatus;

public class RuleHotFolderTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private DroolsRulesEngine engine;
    private RuleHotFolder folder;
    private Path shop;
    private long tick = 1_000_000L;

    @Before
    public void setUp() throws IOException {
        engine = new DroolsRulesEngine();
        engine.addFactModel(() -> Set.of(Customer.class), Map.of(FactModel.RULE_PACKAGE, "shop"));
        shop = temp.newFolder("shop").toPath();
        write("vip.drl", DroolsRulesEngineTest.vipRule(100, "A"));
        folder = new RuleHotFolder(engine, config(temp.getRoot().toPath()));
    }

    @After
    public void tearDown() {
        folder.deactivate();
    }

    /** Writes a file with a distinct modification time, as an editor's save would. */
    private void write(String name, String text) throws IOException {
        Path file = shop.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.fromMillis(tick += 1000));
    }

    private long activeVersion() {
        return engine.status("shop").flatMap(RulePackageStatus::active).orElseThrow().version();
    }

    private String label() {
        return engine.evaluate("shop", List.of(new Customer("c", 150))).decisions().get(0).attribute("label");
    }

    @Test
    public void aSavedChangeIsDeployedOnceItHasSettled() throws IOException {
        assertEquals(1, activeVersion());
        write("vip.drl", DroolsRulesEngineTest.vipRule(100, "B"));

        folder.scan();
        assertEquals("a change is deployed only once two scans agree", 1, activeVersion());
        folder.scan();

        assertEquals(2, activeVersion());
        assertEquals("B", label());
        Release release = engine.status("shop").flatMap(RulePackageStatus::active).orElseThrow();
        assertEquals("the owner of the saved file made the change", Files.getOwner(shop.resolve("vip.drl")).getName(),
                release.author());
        assertEquals(shop.toString(), release.origin());
    }

    @Test
    public void aBrokenChangeIsRefusedAndTheActiveReleaseServes() throws IOException {
        write("vip.drl", "rule \"broken\" when then");
        folder.scan();
        folder.scan();

        assertEquals(1, activeVersion());
        assertEquals("A", label());
        assertTrue(engine.status("shop").orElseThrow().lastRejection().orElseThrow().problems().get(0).toString()
                .startsWith("vip.drl:1"));
    }

    @Test
    public void aReleaseFromElsewhereIsWrittenBackAndNotDeployedAgain() throws IOException {
        write("vip.drl", DroolsRulesEngineTest.vipRule(100, "B"));
        folder.scan();
        folder.scan();

        Release rolledBack = engine.rollback("shop", 1, "tester");
        folder.handleEvent(new Event(RuleEvents.RELEASE_ACTIVATED, Map.of(RuleEvents.PACKAGE, "shop",
                RuleEvents.VERSION, rolledBack.version(), RuleEvents.ORIGIN, rolledBack.origin(),
                RuleEvents.HASH, rolledBack.hash())));
        folder.scan();
        folder.scan();

        assertEquals(DroolsRulesEngineTest.vipRule(100, "A"), Files.readString(shop.resolve("vip.drl")));
        assertEquals(3, activeVersion());
        assertEquals("A", label());
    }

    @Test
    public void aSpreadsheetSavedInTheFolderIsDeployedAndWrittenBackByteForByte() throws IOException {
        byte[] table = Base64.getDecoder().decode(DecisionTablesTest.xlsx(DecisionTablesTest.LABELS));
        Files.delete(shop.resolve("vip.drl"));
        Path saved = shop.resolve("labels.xlsx");
        Files.write(saved, table);
        Files.setLastModifiedTime(saved, FileTime.fromMillis(tick += 1000));
        folder.scan();
        folder.scan();

        assertEquals(2, activeVersion());
        assertEquals(List.of("labels.xlsx"), engine.status("shop").flatMap(RulePackageStatus::active).orElseThrow().files());
        assertEquals("Gold", label(700));

        Release rolledBack = engine.rollback("shop", 2, "tester");
        folder.activated(rolledBack, engine.files("shop", 2).orElseThrow(), false);
        assertArrayEquals(table, Files.readAllBytes(saved));
    }

    private String label(int spend) {
        return engine.evaluate("shop", List.of(new Customer("c", spend))).decisions().get(0).attribute("label");
    }

    static RuleHotFolder.Config config(Path path) {
        return new RuleHotFolder.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RuleHotFolder.Config.class;
            }

            @Override
            public String path() {
                return path.toString();
            }

            @Override
            public long pollIntervalMillis() {
                // Long enough that the background poll does not interfere with the test's own scans.
                return 3_600_000;
            }
        };
    }
}
