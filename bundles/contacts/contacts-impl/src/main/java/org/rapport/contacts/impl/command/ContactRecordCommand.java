package org.rapport.contacts.impl.command;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.contacts.api.shell.InteractionChannelCompleter;

/** {@code contacts:record <id> <channel> <type> [summary] [--inbound|--outbound] [--at T] [--detail k=v]...} */
@Service
@Command(scope = "contacts", name = "record", description = "Records an interaction on a contact's timeline")
public class ContactRecordCommand implements Action {

    @Argument(index = 0, name = "id", description = "Contact id", required = true)
    @Completion(ContactIdCompleter.class)
    long id;

    @Argument(index = 1, name = "channel", description = "email, phone, in-person, social, web, chat, mail or other",
            required = true)
    @Completion(InteractionChannelCompleter.class)
    String channel;

    @Argument(index = 2, name = "type", description = "What happened: call, visit, purchase, support-case, ...",
            required = true)
    String type;

    @Argument(index = 3, name = "summary", description = "A line for people")
    String summary;

    @Option(name = "--outbound", description = "The company reached out (default: the customer did)")
    boolean outbound;

    @Option(name = "--at", description = "When it happened, ISO-8601 (default: now)")
    String at;

    @Option(name = "--detail", description = "A detail as name=value", multiValued = true)
    List<String> details;

    @Reference
    InteractionService interactions;

    @Reference
    Session session;

    @Override
    public Object execute() {
        Map<String, String> payload = new LinkedHashMap<>();
        if (details != null) {
            for (String detail : details) {
                int eq = detail.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--detail " + detail + ": write it as name=value");
                }
                payload.put(detail.substring(0, eq), detail.substring(eq + 1));
            }
        }
        Interaction recorded = interactions.record(id, new NewInteraction(channel, outbound ? "outbound" : "inbound",
                type, at == null ? null : Instant.parse(at), summary, payload), "shell:" + session.get("USER"));
        System.out.println("Interaction " + recorded.id() + " recorded for contact " + id + ": " + recorded.type()
                + " by " + recorded.channel().label());
        return null;
    }
}
