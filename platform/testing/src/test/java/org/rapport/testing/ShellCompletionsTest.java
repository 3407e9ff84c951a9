package org.rapport.testing;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;
import org.rapport.testing.shell.CompletedCommand;
import org.rapport.testing.shell.UncompletedCommand;

public class ShellCompletionsTest {

    @Test
    public void anArgumentOrOptionNamingAKindWithoutACompleterIsFound() {
        assertEquals(List.of("test:uncompleted id", "test:uncompleted owner", "test:uncompleted rulePackage"),
                ShellCompletions.withoutCompleter(CompletedCommand.class));
    }

    @Test
    public void theCommandsBesideAClassAreFound() {
        assertEquals(List.of(CompletedCommand.class, UncompletedCommand.class),
                ShellCompletions.commandsBeside(UncompletedCommand.class));
    }
}
