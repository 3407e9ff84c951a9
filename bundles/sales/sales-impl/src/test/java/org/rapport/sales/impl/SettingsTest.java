package org.rapport.sales.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.rapport.sales.api.Stage;

/** The stages and web forms of etc/org.rapport.sales.cfg, as a .cfg file gives them (one comma-separated string). */
public class SettingsTest {

    @Test
    public void theShippedStagesAndFormsAreRead() {
        Stages stages = Stages.parse(SalesFixture.config(Map.of()).stages());
        assertEquals(List.of("prospecting", "qualification", "proposal", "negotiation", "won", "lost"),
                stages.all().stream().map(Stage::name).toList());
        assertEquals(new Stage("won", 100, Stage.WON), stages.find("won").orElseThrow());
        assertEquals("prospecting", stages.first().name());

        Stages fromCfg = Stages.parse(new String[] {"lead:5, deal:40, signed:100:won, gone:0:lost"});
        assertEquals(4, fromCfg.all().size());
        Map<String, WebForm> forms = WebForm.parse(new String[] {"website-contact|web-form|marketing+profiling, expo|event|"});
        assertEquals(new WebForm("website-contact", "web-form", Set.of("marketing", "profiling")), forms.get("website-contact"));
        assertEquals(Set.of(), forms.get("expo").purposes());
    }

    private static String refusal(Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        fail("accepted");
        return null;
    }

    @Test
    public void aBadEntryIsNamedWithItsPlace() {
        assertTrue(refusal(() -> Stages.parse(new String[] {"open:10, won:100:won, lost:120:lost"}))
                .startsWith("stages[2] 'lost:120:lost': the probability"));
        assertTrue(refusal(() -> Stages.parse(new String[] {"open:10, won:100:won, won:0:lost"})).contains("named twice"));
        assertTrue(refusal(() -> Stages.parse(new String[] {"open:10, won:100:won"})).contains("must be lost"));
        assertTrue(refusal(() -> Stages.parse(new String[] {"Open:10"})).contains("lower case"));
        assertTrue(refusal(() -> WebForm.parse(new String[] {"a|b|c, a|b|c"})).startsWith("forms[1] 'a|b|c': the key is named"));
        assertTrue(refusal(() -> WebForm.parse(new String[] {"Bad Key|web"})).contains("lower-case"));
        assertTrue(refusal(() -> new FormRateLimit(0)).contains("formRequestsPerMinute"));
        assertEquals("queueMembers[1] 'partners:pat+pat': 'pat' is named twice",
                refusal(() -> QueueMembers.parse(new String[] {"closers:ann+bob, partners:pat+pat"})));
        assertTrue(refusal(() -> QueueMembers.parse(new String[] {"closers"})).endsWith("write queue:user+user"));
        assertEquals("bob", QueueMembers.parse(new String[] {"closers:ann+bob"}).owner("closers", 7, null));
        assertEquals("ann", QueueMembers.parse(new String[] {"closers:ann+bob"}).owner("closers", 7, "ann"));
    }
}
