package org.rapport.communication.impl.command;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;
import org.rapport.testing.ShellCompletions;

public class CommandCompletionTest {

    @Test
    public void everyArgumentNamingAContactTemplateOrChannelCompletes() {
        // --var is a variable of the template, name=value, not the name of one.
        assertEquals(List.of("messages:send variables"), ShellCompletions.withoutCompleter(SendCommand.class));
    }
}
