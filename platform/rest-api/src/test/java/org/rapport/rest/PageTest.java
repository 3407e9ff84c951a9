package org.rapport.rest;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

public class PageTest {

    @Test
    public void aWholeListIsOnePageOfItsOwnSize() {
        assertEquals(new Page<>(List.of("a", "b"), 0, 2, 2), Page.all(List.of("a", "b")));
    }

    @Test
    public void aSliceSaysWhereItIsInTheWhole() {
        List<Integer> all = List.of(1, 2, 3, 4, 5);

        assertEquals(new Page<>(List.of(3, 4), 2, 2, 5), Page.slice(all, new PageRequest(2, 2, "id", false)));
        assertEquals(new Page<>(List.of(5), 4, 50, 5), Page.slice(all, new PageRequest(4, 50, "id", false)));
        assertEquals(new Page<>(List.of(), 9, 2, 5), Page.slice(all, new PageRequest(9, 2, "id", false)));
    }
}
