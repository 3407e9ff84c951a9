package org.rapport.communication.impl.command;

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
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.SendRequest;
import org.rapport.communication.api.shell.MessageChannelCompleter;
import org.rapport.communication.api.shell.TemplateCodeCompleter;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.rest.security.ShellUser;

/**
 * {@code messages:send [--channel c] [--purpose p] [--var name=value]... [--reference r] [--in-reply-to id]
 * <contactId> <template>}.
 */
@Service
@Command(scope = "messages", name = "send", description = "Queues a message to a contact from a template; "
        + "the consent gate is asked when it leaves")
public class SendCommand implements Action {

    @Argument(index = 0, name = "contactId", description = "The contact", required = true)
    @Completion(ContactIdCompleter.class)
    long contactId;

    @Argument(index = 1, name = "template", description = "The template's code", required = true)
    @Completion(TemplateCodeCompleter.class)
    String template;

    @Option(name = "--channel", description = "The channel (default email)")
    @Completion(MessageChannelCompleter.class)
    String channel = "email";

    @Option(name = "--purpose", description = "The purpose the consent gate is asked about (default service)")
    String purpose = "service";

    @Option(name = "--var", description = "A template variable, name=value", multiValued = true)
    List<String> variables;

    @Option(name = "--reference", description = "A key that makes sending the same message twice harmless")
    String reference;

    @Option(name = "--in-reply-to", description = "The id of the contact's inbound message this one answers "
            + "(inbound:log): an email then leaves threaded")
    @Completion(InboundIdCompleter.class)
    Long inReplyTo;

    @Reference
    MessageService messages;

    @Override
    public Object execute() {
        Map<String, String> values = new LinkedHashMap<>();
        if (variables != null) {
            for (String v : variables) {
                int eq = v.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--var " + v + ": write name=value");
                }
                values.put(v.substring(0, eq), v.substring(eq + 1));
            }
        }
        Message m = messages.send(new SendRequest(contactId, channel, template, purpose, values, reference, null,
                inReplyTo),
                ShellUser.name());
        System.out.println("Message " + m.id() + " to " + m.address() + " by " + m.channel() + " is "
                + m.status().name().toLowerCase() + " (" + m.template() + ", " + m.language() + ")");
        return null;
    }
}
