package org.rapport.communication.impl.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

/** What {@code messages:templates --set --html} reads from standard input: the text, a separator line, the HTML. */
public class TemplatesCommandTest {

    @Test
    public void theFirstSeparatorLineDividesTextFromHtml() {
        assertArrayEquals(new String[] {"Hello {{firstName}},\nsee you", "<p>Hello</p>\n--- html ---\n"},
                TemplatesCommand.textAndHtml("Hello {{firstName}},\nsee you\n--- html ---\n<p>Hello</p>\n--- html ---\n"));
        assertArrayEquals("CRLF lines, a separator with trailing blanks", new String[] {"Hi", "<p>Hi</p>"},
                TemplatesCommand.textAndHtml("Hi\r\n--- html --- \r\n<p>Hi</p>"));
        assertArrayEquals("a separator inside a line is text", new String[] {"a --- html ---", ""},
                TemplatesCommand.textAndHtml("a --- html ---\n--- html ---"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> TemplatesCommand.textAndHtml("Hi\n<p>Hi</p>\n"));
        assertEquals("with --html, standard input is the text body, a line '--- html ---', then the HTML body; "
                + "no such line came", none.getMessage());
    }
}
