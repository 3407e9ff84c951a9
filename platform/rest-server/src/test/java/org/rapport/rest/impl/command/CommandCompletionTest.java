package org.rapport.rest.impl.command;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;
import org.rapport.testing.ShellCompletions;

public class CommandCompletionTest {

    @Test
    public void everyArgumentNamingAUserCompletes() {
        assertEquals(List.of(), ShellCompletions.withoutCompleter(UsersCommand.class));
    }
}
