package org.rapport.guard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.Test;
import org.osgi.service.event.Event;

/** Every open guard in one view: each plugin point's plugins by kind and name, resumed by kind and name. */
public class PluginGuardsTest {

    private final List<Event> audited = new CopyOnWriteArrayList<>();

    @Test
    public void theOpenGuardsShowEveryPluginAndResumeOneByKindAndName() throws PluginFault {
        try (PluginGuard gadgets = PluginGuards.open(GuardPolicy.of("gadget", "Gadget", Duration.ofSeconds(5), 2),
                Clock.systemUTC(), audited::add)) {
            PluginGuard gizmos = PluginGuards.open(GuardPolicy.of("gizmo", "Gizmo", Duration.ofSeconds(5), 0),
                    Clock.systemUTC(), audited::add);
            gadgets.add("quiet");
            for (int i = 0; i < 2; i++) {
                assertThrows(PluginFault.class, () -> gadgets.call("broken", "on purpose", () -> {
                    throw new IllegalStateException("broken on purpose");
                }));
            }
            assertEquals("answer", gizmos.call("able", "once", () -> "answer"));

            List<PluginState> mine = PluginGuards.states().stream()
                    .filter(s -> s.kind().equals("gadget") || s.kind().equals("gizmo")).toList();
            assertEquals(List.of("gadget broken", "gadget quiet", "gizmo able"),
                    mine.stream().map(s -> s.kind() + " " + s.name()).toList());
            assertTrue(mine.get(0).suspended());
            assertEquals(2, mine.get(0).faultsInARow());
            assertEquals(1, mine.get(2).answered());

            assertFalse("a plugin not suspended is not resumed", PluginGuards.resume("gadget", "quiet", "admin"));
            assertTrue(PluginGuards.resume("gadget", "broken", "admin"));
            assertFalse(PluginGuards.state("gadget", "broken").orElseThrow().suspended());
            assertEquals("gadget.resumed", audited.get(audited.size() - 1).getProperty(org.rapport.privacy.spi.AuditEvents.ACTION));
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> PluginGuards.resume("doohickey", "broken", "admin"));
            assertTrue(none.getMessage(), none.getMessage().startsWith("no plugin point guards plugins of kind 'doohickey'"));

            gizmos.close();
            assertTrue("a closed guard is not shown", PluginGuards.opened().stream()
                    .noneMatch(g -> g.policy().kind().equals("gizmo")));
        }
        assertTrue(PluginGuards.opened().stream().noneMatch(g -> g.policy().kind().equals("gadget")));
    }
}
