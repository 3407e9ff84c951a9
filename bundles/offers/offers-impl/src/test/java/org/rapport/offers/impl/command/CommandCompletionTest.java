package org.rapport.offers.impl.command;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;
import org.rapport.testing.ShellCompletions;

public class CommandCompletionTest {

    @Test
    public void everyArgumentNamingAThingCompletes() {
        assertEquals(3, ShellCompletions.commandsBeside(ListCommand.class).size());
        assertEquals(List.of(), ShellCompletions.withoutCompleter(ListCommand.class));
    }
}
