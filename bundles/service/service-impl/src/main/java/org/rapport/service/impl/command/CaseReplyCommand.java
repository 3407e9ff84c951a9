package org.rapport.service.impl.command;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.rapport.communication.api.MessageAttachment;
import org.rapport.rest.security.ConfinedFiles;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.impl.CaseAttachments;
import org.rapport.service.impl.CaseServiceImpl;

/**
 * {@code cases:reply [--stdin name] [--attach name]... <id> <text>}: an agent's answer to the
 * customer, with files that come as content: the bytes on standard input
 * ({@code ssh -p 8101 agent@host 'cases:reply --stdin label.pdf 7 "Your label."' < label.pdf}), or
 * files of the folder an administrator set aside ({@code attachmentInbox} in
 * {@code etc/org.rapport.service.cfg}), named inside it. No other file on the server can be named.
 * A file's type is {@code name=type}, else taken from its name's extension; the files are held to
 * the settings as a reply's over REST ({@link CaseAttachments#checked}), standard input's first.
 */
@Service
@Command(scope = "cases", name = "reply", description = "Replies to the customer on a case (the first reply meets the "
        + "first-response target), with files from standard input or the reply files folder")
public class CaseReplyCommand extends CaseTextCommand {

    @Option(name = "--stdin", description = "The name (name=type to give its type) of a file whose bytes come on "
            + "standard input")
    String stdin;

    @Option(name = "--attach", description = "A file of the reply files folder (attachmentInbox), by its name there "
            + "(name=type to give its type)", multiValued = true)
    List<String> attach;

    @Reference
    CaseServiceImpl impl;

    @Reference
    CaseAttachments files;

    @Reference
    Session session;

    @Override
    CaseEntry write(String actor) {
        List<MessageAttachment> given = new ArrayList<>();
        try {
            if (stdin != null) {
                // The session's input stays open: it is the session's.
                given.add(read("--stdin", stdin, session.getKeyboard()));
            }
            for (String named : attach == null ? List.<String>of() : attach) {
                Path file = ConfinedFiles.inside(files.inbox(), nameOf(named));
                try (InputStream in = Files.newInputStream(file)) {
                    given.add(read("--attach " + named, named, in));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("a file could not be read: " + e.getMessage());
        }
        return impl.reply(caseId, text, files.checked(given), actor);
    }

    /** The file's bytes, at most one more than a file may have so that a larger one is refused, not cut. */
    private MessageAttachment read(String option, String named, InputStream in) throws IOException {
        byte[] content = in.readNBytes(files.maxBytes() + 1);
        if (content.length > files.maxBytes()) {
            throw CaseValidationException.of(option, "is larger than " + files.maxBytes() + " bytes");
        }
        String name = nameOf(named);
        return new MessageAttachment(name, typeOf(option, named, name), content);
    }

    private static String nameOf(String named) {
        int eq = named.indexOf('=');
        return (eq < 0 ? named : named.substring(0, eq)).strip();
    }

    private static String typeOf(String option, String named, String name) {
        int eq = named.indexOf('=');
        String type = eq >= 0 ? named.substring(eq + 1).strip() : name.toLowerCase(Locale.ROOT).endsWith(".csv")
                ? "text/csv" : URLConnection.guessContentTypeFromName(name.toLowerCase(Locale.ROOT));
        if (type == null || type.isEmpty()) {
            throw CaseValidationException.of(option, "the type of " + name + " is not known from its name; give it as "
                    + name + "=type/subtype");
        }
        return type.toLowerCase(Locale.ROOT);
    }
}
