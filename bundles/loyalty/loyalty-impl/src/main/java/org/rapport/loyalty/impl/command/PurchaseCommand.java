package org.rapport.loyalty.impl.command;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseResult;
import org.rapport.rest.security.ShellUser;

/** {@code loyalty:purchase <contactId> <amount> [--event-id ID] [--channel C] [--category C] [--currency EUR] [--at T]} */
@Service
@Command(scope = "loyalty", name = "purchase", description = "Records a purchase; the loyalty rules decide the points "
        + "it earns and the member's tier")
public class PurchaseCommand implements Action {

    @Argument(index = 0, name = "contactId", description = "The buying contact", required = true)
    @Completion(ContactIdCompleter.class)
    long contactId;

    @Argument(index = 1, name = "amount", description = "Amount spent, e.g. 1200.00", required = true)
    String amount;

    @Option(name = "--event-id", description = "The selling system's id for the purchase; sending it again books nothing "
            + "new (default: a fresh id)")
    String eventId;

    @Option(name = "--channel", description = "Where it was bought: web, store, phone...")
    @Completion(value = StringsCompleter.class, values = {"web", "store", "phone"})
    String channel;

    @Option(name = "--category", description = "The product category")
    String category;

    @Option(name = "--currency", description = "ISO 4217 code (default: the programme's currency)")
    String currency;

    @Option(name = "--at", description = "When it was bought, as 2026-11-22T10:15:30Z (default: now)")
    String at;

    @Reference
    LoyaltyService loyalty;

    @Override
    public Object execute() {
        BigDecimal value;
        try {
            value = new BigDecimal(amount);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount '" + amount + "' is not a number (use a dot for decimals: 1200.00)");
        }
        Instant when;
        try {
            when = at == null ? null : Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--at '" + at + "' is not a time such as 2026-11-22T10:15:30Z");
        }
        String id = eventId == null ? "shell-" + UUID.randomUUID() : eventId;
        PurchaseResult result = loyalty.recordPurchase(new PurchaseEvent(contactId, id, value, currency, channel,
                category, when), ShellUser.name());
        System.out.println((result.replayed() ? "Purchase " + id + " was recorded before; nothing new booked."
                : "Purchase " + id + " of " + value.toPlainString() + " recorded for contact " + contactId + ".")
                + " Entry " + result.entry().id() + ": " + result.entry().points() + " points ("
                + result.entry().qualifyingPoints() + " qualifying).");
        LedgerCommand.printLines(result.entry());
        MemberShowCommand.print(result.member());
        return null;
    }
}
