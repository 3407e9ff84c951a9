package org.rapport.communication.impl.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.Template;

/**
 * {@code messages:templates}: lists the templates; {@code messages:templates --set <file>
 * [--subject s] <code> <language>} writes one language of a template from a text file.
 */
@Service
@Command(scope = "messages", name = "templates", description = "Lists message templates, or writes one from a file")
public class TemplatesCommand implements Action {

    @Argument(index = 0, name = "code", description = "The template's code, with --set")
    String code;

    @Argument(index = 1, name = "language", description = "The language, with --set (en, fr, pt-BR)")
    String language;

    @Option(name = "--set", description = "A UTF-8 text file with the body to write")
    String file;

    @Option(name = "--subject", description = "The subject line, with --set")
    String subject;

    @Reference
    MessageService messages;

    @Override
    public Object execute() throws IOException {
        if (file != null) {
            if (code == null || language == null) {
                throw new IllegalArgumentException("--set needs the template's code and language");
            }
            Template saved = messages.saveTemplate(new Template(code, language, subject,
                    Files.readString(Path.of(file), StandardCharsets.UTF_8), null));
            System.out.println("Template " + saved.code() + " (" + saved.language() + ") saved");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Code");
        table.column("Language");
        table.column("Subject");
        table.column("Updated");
        for (Template t : messages.templates()) {
            if (code == null || code.equals(t.code())) {
                table.addRow().addContent(t.code(), t.language(), t.subject() == null ? "" : t.subject(), t.updatedAt());
            }
        }
        table.print(System.out);
        return null;
    }
}
