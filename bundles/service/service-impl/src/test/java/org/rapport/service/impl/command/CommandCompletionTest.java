package org.rapport.service.impl.command;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;
import org.rapport.testing.ShellCompletions;

public class CommandCompletionTest {

    @Test
    public void everyArgumentNamingAContactOrUserCompletes() {
        assertEquals(12, ShellCompletions.commandsBeside(CasesCommand.class).size());
        assertEquals(List.of(), ShellCompletions.withoutCompleter(CasesCommand.class));
    }

    @Test
    public void controlCharactersAreShownAsTextNeverSentToTheTerminal() {
        assertEquals("red \\u001b[31m bell \\u0007 line\nnext\ttab", CaseText.escaped("red \u001b[31m bell \u0007 line\nnext\ttab"));
        assertEquals("a b <script>", CaseText.line("a\nb <script>"));
    }
}
