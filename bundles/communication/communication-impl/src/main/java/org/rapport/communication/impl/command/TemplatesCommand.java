package org.rapport.communication.impl.command;

import java.io.IOException;
import java.util.regex.Pattern;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.Template;
import org.rapport.communication.api.shell.TemplateCodeCompleter;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ShellInput;
import org.rapport.rest.security.ShellUser;

/**
 * {@code messages:templates}: lists the templates; {@code messages:templates --set [--subject s]
 * <code> <language> < body.txt} writes one language of a template from the body on standard
 * input (analysts); with {@code --html} standard input is the text body, a line
 * {@value #HTML_SEPARATOR}, then the HTML body. The body is content, never a file named on the
 * server.
 */
@Service
@Command(scope = "messages", name = "templates", description = "Lists message templates, or writes one from the body on standard input")
public class TemplatesCommand implements Action {

    /** A message body is text for one message: 256 KiB is far more than any needs. */
    static final int MAX_BODY = 256 * 1024;

    /** With an HTML body, designed mail with inline styles: room for both parts. */
    static final int MAX_BOTH = 1024 * 1024;

    /** The line between the text body and the HTML body on standard input, with {@code --html}. */
    static final String HTML_SEPARATOR = "--- html ---";

    @Argument(index = 0, name = "code", description = "The template's code, with --set")
    @Completion(TemplateCodeCompleter.class)
    String code;

    @Argument(index = 1, name = "language", description = "The language, with --set (en, fr, pt-BR)")
    String language;

    @Option(name = "--set", description = "Write the template; its body (UTF-8 text) comes on standard input")
    boolean set;

    @Option(name = "--subject", description = "The subject line, with --set")
    String subject;

    @Option(name = "--html", description = "With --set: standard input is the text body, a line '" + HTML_SEPARATOR
            + "', then the HTML body")
    boolean html;

    @Reference
    MessageService messages;

    @Reference
    Session session;

    /**
     * The text body and the HTML body of what came on standard input with {@code --html}: the text
     * up to the first line {@value #HTML_SEPARATOR} (its last line break dropped), the HTML after it.
     */
    static String[] textAndHtml(String input) {
        String[] parts = input.split("(?m)^" + Pattern.quote(HTML_SEPARATOR) + "[ \\t\\r]*(\\n|\\z)", 2);
        if (parts.length < 2) {
            throw new IllegalArgumentException("with --html, standard input is the text body, a line '"
                    + HTML_SEPARATOR + "', then the HTML body; no such line came");
        }
        String text = parts[0].endsWith("\r\n") ? parts[0].substring(0, parts[0].length() - 2)
                : parts[0].endsWith("\n") ? parts[0].substring(0, parts[0].length() - 1) : parts[0];
        return new String[] {text, parts[1]};
    }

    @Override
    public Object execute() throws IOException {
        if (set) {
            ShellUser.require("messages:templates --set", Roles.ANALYST);
            if (code == null || language == null) {
                throw new IllegalArgumentException("--set needs the template's code and language");
            }
            String body = ShellInput.text(session.getKeyboard(), html ? MAX_BOTH : MAX_BODY, "the template's body");
            String[] parts = html ? textAndHtml(body) : new String[] {body, null};
            Template saved = messages.saveTemplate(new Template(code, language, subject, parts[0], null, parts[1]));
            System.out.println("Template " + saved.code() + " (" + saved.language() + ") saved"
                    + (saved.html() == null ? "" : " with an HTML body"));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Code");
        table.column("Language");
        table.column("Subject");
        table.column("HTML");
        table.column("Updated");
        for (Template t : messages.templates()) {
            if (code == null || code.equals(t.code())) {
                table.addRow().addContent(t.code(), t.language(), t.subject() == null ? "" : t.subject(),
                        t.html() == null ? "no" : "yes", t.updatedAt());
            }
        }
        table.print(System.out);
        return null;
    }
}
