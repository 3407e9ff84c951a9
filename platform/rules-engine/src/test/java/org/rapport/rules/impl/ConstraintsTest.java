package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.Test;

/** Constraints as the facts they let through: numbers, whole numbers, text, booleans and null as Drools treats them. */
public class ConstraintsTest {

    private static final Domain.Field WHOLE = new Domain.Field(true, false, true, false, null);
    private static final Domain.Field DECIMAL = new Domain.Field(true, false, false, true, null);
    private static final Domain.Field TEXT = new Domain.Field(false, true, false, true, null);
    private static final Domain.Field FLAG = new Domain.Field(false, true, false, false, Set.of("true", "false"));
    private final Constraints constraints = new Constraints(Map.of("points", WHOLE, "spend", DECIMAL, "tier", TEXT,
            "active", FLAG), new FactTypes(null));

    private Region region(String expression) {
        return constraints.region(expression);
    }

    private String left(String all, String covered) {
        Region rest = region(all).minus(region(covered), constraints.fields());
        return rest.boxes.stream().map(b -> Region.describe(b, constraints.fields())).toList().toString();
    }

    @Test
    public void wholeNumbersHaveNoValueBetweenFiveAndSix() {
        assertTrue(region("points > 5 && points < 6").empty());
        assertFalse(region("spend > 5 && spend < 6").empty());
        assertTrue(region("points > 5 && points < 3").empty());
        assertTrue(region("points in (1, 2) && points > 2").empty());
    }

    @Test
    public void comparisonsFailOnNullButInequalityHolds() {
        assertTrue(region("spend == null && spend > 3").empty());
        assertFalse(region("tier == null && tier != \"Gold\"").empty());
        assertTrue(region("tier == null && tier == \"Gold\"").empty());
        assertFalse(region("tier == null && tier not in (\"Gold\", \"Silver\")").empty());
        assertTrue(region("tier != null && tier == null").empty());
    }

    @Test
    public void whatIsLeftIsDescribedAsAnAnalystWouldWriteIt() {
        assertEquals("[points >= 1000]", left("points >= 0", "points < 1000"));
        assertEquals("[points in [100, 199]]", left("points >= 0", "points < 100 || points >= 200"));
        assertEquals("[tier != \"Gold\" (not null)]", left("tier != \"Gold\"", "tier == null || tier == \"Gold\""));
        assertEquals("[points >= 0, tier != null]", left("points >= 0", "tier == null"));
        assertEquals("[tier not in (\"Gold\", \"Silver\")]", left("tier != \"Gold\"", "tier == \"Silver\""));
        assertEquals("[active == false, points >= 0]", left("points >= 0", "active"));
        assertEquals("[]", left("active == true || active == false", "active || !active"));
    }

    @Test
    public void whatCannotBeReadLetsEveryFactThroughAndIsNotExact() {
        Region call = region("tier.length() > 3");
        assertFalse(call.exact);
        assertFalse(call.empty());
        Region mixed = region("points > 5 && points < 3 && tier.startsWith(\"G\")");
        assertTrue("a contradiction beside what cannot be read is still one", mixed.empty());
        assertFalse(region("points > spend").exact);
        assertFalse(region("points > 5 || tier matches \"G.*\"").exact);
    }
}
