package org.rapport.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Set;

import org.junit.Test;

public class PageRequestTest {

    private static final Set<String> SORTABLE = Set.of("id", "email");

    @Test
    public void absentParametersGiveTheFirstPageInTheDefaultOrder() {
        PageRequest page = PageRequest.parse(null, "", null, SORTABLE, "id");
        assertEquals(new PageRequest(0, PageRequest.DEFAULT_LIMIT, "id", false), page);
    }

    @Test
    public void aLeadingMinusSortsDescending() {
        PageRequest page = PageRequest.parse("20", "10", "-email", SORTABLE, "id");
        assertEquals(20, page.offset());
        assertEquals(10, page.limit());
        assertEquals("email", page.sort());
        assertTrue(page.descending());
        assertFalse(PageRequest.parse(null, null, "email", SORTABLE, "id").descending());
    }

    @Test
    public void everyBadParameterIsNamed() {
        try {
            PageRequest.parse("-1", "5000", "password", SORTABLE, "id");
            fail("bad parameters were accepted");
        } catch (ApiException e) {
            assertEquals(400, e.status());
            assertEquals("validation_failed", e.code());
            assertEquals(List.of("offset", "limit", "sort"), e.fields().stream().map(FieldError::field).toList());
            assertEquals("must be a whole number from 1 to 500, not '5000'", e.fields().get(1).message());
            assertTrue(e.getMessage(), e.getMessage().contains("cannot sort by 'password'; one of [email, id]"));
        }
    }

    @Test
    public void aWordIsNotANumber() {
        try {
            PageRequest.parse("ten", null, null, SORTABLE, "id");
            fail("a word was taken as an offset");
        } catch (ApiException e) {
            assertEquals(List.of(new FieldError("offset", "must be a whole number from 0, not 'ten'")), e.fields());
        }
    }
}
