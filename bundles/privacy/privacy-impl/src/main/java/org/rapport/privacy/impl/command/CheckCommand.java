package org.rapport.privacy.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.privacy.api.shell.PurposeCompleter;
import org.rapport.contacts.api.shell.InteractionChannelCompleter;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.privacy.spi.ConsentVerdict;
import org.rapport.rest.security.ShellUser;

/** {@code privacy:check [--channel C] [--action A] <contactId> <purpose>}: asks the consent gate, as a sender would. */
@Service
@Command(scope = "privacy", name = "check", description = "Asks the consent gate whether an action may reach a contact "
        + "now; a refusal is recorded like any other")
public class CheckCommand implements Action {

    @Argument(index = 0, name = "contactId", description = "The contact", required = true)
    @Completion(ContactIdCompleter.class)
    long contactId;

    @Argument(index = 1, name = "purpose", description = "marketing, profiling, service, ...", required = true)
    @Completion(PurposeCompleter.class)
    String purpose;

    @Option(name = "--channel", description = "The channel the action would use; none for profiling")
    @Completion(InteractionChannelCompleter.class)
    String channel;

    @Option(name = "--action", description = "What would happen, for the record")
    String action = "check from the shell";

    @Reference
    ConsentGate gate;

    @Override
    public Object execute() {
        ConsentVerdict verdict = gate.check(contactId, purpose, channel, action,
                ShellUser.name());
        System.out.println((verdict.allowed() ? "Allowed: " : "Blocked: ") + verdict.reason());
        return null;
    }
}
