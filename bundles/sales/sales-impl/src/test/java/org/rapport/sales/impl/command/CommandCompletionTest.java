package org.rapport.sales.impl.command;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;
import org.rapport.testing.ShellCompletions;

public class CommandCompletionTest {

    @Test
    public void everyArgumentNamingAUserCompletes() {
        assertEquals(10, ShellCompletions.commandsBeside(LeadsCommand.class).size());
        assertEquals(List.of(), ShellCompletions.withoutCompleter(LeadsCommand.class));
    }
}
