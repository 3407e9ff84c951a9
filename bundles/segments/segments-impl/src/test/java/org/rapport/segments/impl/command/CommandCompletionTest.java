package org.rapport.segments.impl.command;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;
import org.rapport.testing.ShellCompletions;

public class CommandCompletionTest {

    @Test
    public void everyArgumentNamingASegmentCompletes() {
        // --description is free text about the segment, not the name of one.
        assertEquals(List.of("segments:define description"), ShellCompletions.withoutCompleter(SegmentShowCommand.class));
    }
}
