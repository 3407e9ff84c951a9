package org.rapport.retention.impl.command;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;
import org.rapport.testing.ShellCompletions;

public class CommandCompletionTest {

    @Test
    public void everyArgumentNamingAContactOrJobCompletes() {
        assertEquals(List.of(), ShellCompletions.withoutCompleter(ActivityCommand.class));
    }
}
