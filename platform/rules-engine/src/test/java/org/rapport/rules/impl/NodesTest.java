package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RulePackageStatus;

/**
 * Two engines over one release store: two nodes sharing a database. A release accepted on one is
 * active on the other after its next look at the store, and both number releases in one sequence.
 */
public class NodesTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final ReleaseStore database = new MemoryReleaseStore();
    private final DroolsRulesEngine nodeA = node();
    private final DroolsRulesEngine nodeB = node();

    private DroolsRulesEngine node() {
        DroolsRulesEngine engine = new DroolsRulesEngine(database, Clock.systemUTC());
        engine.addFactModel(() -> Set.of(Customer.class), Map.of(FactModel.RULE_PACKAGE, "shop"));
        return engine;
    }

    private static Map<String, String> vip(String label) {
        return Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, label));
    }

    private static Release active(DroolsRulesEngine node) {
        return node.status("shop").flatMap(RulePackageStatus::active).orElseThrow();
    }

    private static String label(DroolsRulesEngine node) {
        return node.evaluate("shop", List.of(new Customer("c", 150))).decisions().get(0).attribute("label");
    }

    @Test
    public void aReleaseAcceptedOnOneNodeIsActiveOnTheOtherAfterItsNextLook() {
        Release first = nodeA.deploy("shop", vip("A"), "test", "ada");
        nodeB.sync();
        assertEquals(first, active(nodeB));
        assertEquals("A", label(nodeB));

        Release second = nodeA.deploy("shop", vip("B"), "test", "ada");
        assertEquals("A", label(nodeB));
        nodeB.sync();

        assertEquals(2, second.version());
        assertEquals(second, active(nodeB));
        assertEquals("B", label(nodeB));
        nodeB.sync();
        assertEquals(second, active(nodeB));
    }

    @Test
    public void aRollbackOnOneNodeReachesTheOther() {
        nodeA.deploy("shop", vip("A"), "test", "ada");
        nodeA.deploy("shop", vip("B"), "test", "ada");
        nodeB.sync();

        Release back = nodeB.rollback("shop", 1, "bob");
        nodeA.sync();

        assertEquals(3, back.version());
        assertEquals(back, active(nodeA));
        assertEquals("A", label(nodeA));
    }

    @Test
    public void twoNodesAcceptingAtOnceNumberTheirReleasesInOneSequence() {
        nodeA.deploy("shop", vip("A"), "test", "ada");
        // Node B has not looked yet: it numbers its release 1 too, finds 1 taken, and takes 2.
        Release fromB = nodeB.deploy("shop", vip("B"), "test", "bob");
        nodeA.sync();

        assertEquals(2, fromB.version());
        assertEquals(List.of(2L, 1L), nodeA.history("shop").stream().map(Release::version).toList());
        assertEquals("B", label(nodeA));
        assertEquals("B", label(nodeB));
    }

    @Test
    public void theSameFilesAcceptedOnBothNodesAreOneRelease() {
        Release onA = nodeA.deploy("shop", vip("A"), "bundle:shop", "ada");
        Release onB = nodeB.deploy("shop", vip("A"), "bundle:shop", "ada");

        assertEquals(onA, onB);
        assertEquals(1, nodeB.history("shop").size());
    }

    @Test
    public void aNodeWithoutThePackagesFactTypesActivatesTheReleaseWhenTheyArrive() {
        DroolsRulesEngine nodeC = new DroolsRulesEngine(database, Clock.systemUTC());
        nodeA.deploy("shop", vip("A"), "test", "ada");

        nodeC.sync();
        assertEquals(RulePackageStatus.State.WAITING, nodeC.status("shop").orElseThrow().state());
        nodeC.addFactModel(() -> Set.of(Customer.class), Map.of(FactModel.RULE_PACKAGE, "shop"));

        assertEquals(1, active(nodeC).version());
        assertEquals("A", label(nodeC));
        assertEquals(1, nodeC.history("shop").size());
    }

    @Test
    public void eachNodesFolderFollowsTheClustersRelease() throws IOException {
        Path folderA = temp.newFolder("a").toPath();
        Path folderB = temp.newFolder("b").toPath();
        Files.createDirectories(folderA.resolve("shop"));
        Files.writeString(folderA.resolve("shop/vip.drl"), DroolsRulesEngineTest.vipRule(100, "A"), StandardCharsets.UTF_8);
        RuleHotFolder hotA = new RuleHotFolder(nodeA, RuleHotFolderTest.config(folderA));
        RuleHotFolder hotB = new RuleHotFolder(nodeB, RuleHotFolderTest.config(folderB));
        nodeB.addReleaseListener(hotB);
        try {
            nodeB.sync();
            assertEquals(DroolsRulesEngineTest.vipRule(100, "A"), Files.readString(folderB.resolve("shop/vip.drl")));
            hotB.scan();
            hotB.scan();
            assertEquals("writing the folder deploys nothing", 1, active(nodeB).version());
        } finally {
            hotA.deactivate();
            hotB.deactivate();
        }
    }

    @Test
    public void aFolderLeftBehindWhileItsNodeWasDownIsBroughtUpToDateNotDeployed() throws IOException {
        Path folderB = temp.newFolder("b").toPath();
        Files.createDirectories(folderB.resolve("shop"));
        nodeA.deploy("shop", vip("A"), "test", "ada");
        // Node B's folder holds release 1 when B stops; meanwhile node A accepts release 2.
        Files.writeString(folderB.resolve("shop/vip.drl"), DroolsRulesEngineTest.vipRule(100, "A"), StandardCharsets.UTF_8);
        nodeA.deploy("shop", vip("B"), "test", "ada");

        DroolsRulesEngine restartedB = node();
        RuleHotFolder hotB = new RuleHotFolder(restartedB, RuleHotFolderTest.config(folderB));
        try {
            assertEquals(DroolsRulesEngineTest.vipRule(100, "B"), Files.readString(folderB.resolve("shop/vip.drl")));
            assertEquals(2, active(restartedB).version());
            assertEquals(2, nodeA.history("shop").size());
            hotB.scan();
            hotB.scan();
            assertEquals(2, active(restartedB).version());
        } finally {
            hotB.deactivate();
        }
    }
}
