package org.rapport.privacy.impl.command;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.privacy.api.shell.PurposeCompleter;
import org.rapport.contacts.api.shell.InteractionChannelCompleter;
import org.rapport.privacy.api.Consent;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentService;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.rest.security.ShellUser;

/** {@code privacy:consent [--channel C] [--basis B] [--source S] [--proof P] [--expires D] <contactId> <purpose> grant|withdraw} */
@Service
@Command(scope = "privacy", name = "consent", description = "Records that a contact granted or withdrew consent for a "
        + "purpose, on one channel or all")
public class ConsentCommand implements Action {

    @Argument(index = 0, name = "contactId", description = "The contact", required = true)
    @Completion(ContactIdCompleter.class)
    long contactId;

    @Argument(index = 1, name = "purpose", description = "marketing, profiling, service, ... (see privacy:consents)",
            required = true)
    @Completion(PurposeCompleter.class)
    String purpose;

    @Argument(index = 2, name = "grant|withdraw", description = "grant or withdraw", required = true)
    String change;

    @Option(name = "--channel", description = "The channel it covers (email, phone, ...); default every channel")
    @Completion(InteractionChannelCompleter.class)
    String channel;

    @Option(name = "--basis", description = "Lawful basis of a grant: consent (default), contract, legal-obligation, "
            + "vital-interests, public-task, legitimate-interests")
    String basis;

    @Option(name = "--source", description = "Where it was given or withdrawn (default: shell)")
    String source = "shell";

    @Option(name = "--proof", description = "What shows it, such as a confirmation id")
    String proof;

    @Option(name = "--expires", description = "The day a grant lapses (yyyy-MM-dd, UTC)")
    String expires;

    @Reference
    ConsentService consents;

    @Override
    public Object execute() {
        ConsentState state = switch (change.toLowerCase(Locale.ROOT)) {
            case "grant", "granted" -> ConsentState.GRANTED;
            case "withdraw", "withdrawn" -> ConsentState.WITHDRAWN;
            default -> throw new IllegalArgumentException("'" + change + "' is neither grant nor withdraw");
        };
        Instant expiresAt = null;
        if (expires != null) {
            try {
                expiresAt = LocalDate.parse(expires).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--expires '" + expires + "' is not a day such as 2027-11-22");
            }
        }
        Consent recorded = consents.record(new ConsentChange(contactId, purpose,
                channel == null || channel.equalsIgnoreCase("all") ? null : Channel.parse(channel), state,
                basis == null ? null : LawfulBasis.parse(basis), source, proof, expiresAt), ShellUser.name());
        System.out.println("Consent " + recorded.id() + ": contact " + contactId + " " + (state == ConsentState.GRANTED
                ? "granted " : "withdrew ") + recorded.purpose() + " by " + ConsentsCommand.channel(recorded.channel())
                + (recorded.expiresAt() == null ? "" : ", until " + recorded.expiresAt()) + ".");
        return null;
    }
}
