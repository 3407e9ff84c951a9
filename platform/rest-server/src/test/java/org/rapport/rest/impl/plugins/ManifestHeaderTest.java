package org.rapport.rest.impl.plugins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;

public class ManifestHeaderTest {

    @Test
    public void clausesPathsDirectivesAndTypedAttributesAreParsedAsTheFrameworkDoes() {
        List<ManifestHeader.Clause> clauses = ManifestHeader.parse("a.b;c.d;version=\"[1.2,2)\";resolution:=optional, "
                + "org.rapport.plugin; org.rapport.plugin=x; tags:List<String>=\"one, t\\\\,wo ,three\"; note=\"semi; colon, comma\"");

        assertEquals(2, clauses.size());
        assertEquals(List.of("a.b", "c.d"), clauses.get(0).paths());
        assertEquals(Map.of("version", "[1.2,2)"), clauses.get(0).attributes());
        assertEquals(Map.of("resolution", "optional"), clauses.get(0).directives());
        assertEquals("x", clauses.get(1).attributes().get("org.rapport.plugin"));
        assertEquals(List.of("one", "t,wo", "three"), clauses.get(1).attributes().get("tags"));
        assertEquals("semi; colon, comma", clauses.get(1).attributes().get("note"));
    }

    @Test
    public void noHeaderHasNoClausesAndABrokenOneSaysWhere() {
        assertEquals(List.of(), ManifestHeader.parse(null));
        IllegalArgumentException unclosed = assertThrows(IllegalArgumentException.class, () -> ManifestHeader.parse("a;b=\"open"));
        assertTrue(unclosed.getMessage(), unclosed.getMessage().equals("'\"' expected at character 10"));
        IllegalArgumentException nameless = assertThrows(IllegalArgumentException.class, () -> ManifestHeader.parse("a;;b"));
        assertTrue(nameless.getMessage(), nameless.getMessage().startsWith("a name is missing"));
    }
}
