package org.rapport.sales.impl.command;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rest.security.ShellUser;
import org.rapport.sales.api.Conversion;
import org.rapport.sales.api.SalesService;

/** {@code sales:lead-convert}: turns a lead into a contact (and account) with an opportunity. */
@Service
@Command(scope = "sales", name = "lead-convert", description = "Converts a lead: links or creates its contact and "
        + "account and opens an opportunity")
public class LeadConvertCommand implements Action {

    @Argument(index = 0, name = "lead", description = "The lead's id", required = true)
    @Completion(LeadIdCompleter.class)
    long leadId;

    @Option(name = "--amount", description = "The opportunity's amount, such as 12000.00 (default: 0)")
    String amount;

    @Option(name = "--currency", description = "ISO 4217 code (default: the configured currency)")
    String currency;

    @Option(name = "--close", description = "Expected close date, such as 2026-12-31 (default: in the configured days)")
    String close;

    @Reference
    SalesService sales;

    @Override
    public Object execute() {
        BigDecimal value;
        LocalDate day;
        try {
            value = amount == null ? null : new BigDecimal(amount);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--amount '" + amount + "' is not a number (use a dot for decimals)");
        }
        try {
            day = close == null ? null : LocalDate.parse(close);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--close '" + close + "' is not a day such as 2026-12-31");
        }
        Conversion c = sales.convert(leadId, value, currency, day, ShellUser.name());
        System.out.println("Lead " + leadId + " converted: contact " + c.contactId() + (c.contactCreated() ? " (new)" : "")
                + (c.accountId() == null ? "" : ", account " + c.accountId()) + ", opportunity " + c.opportunity().id()
                + " in stage " + c.opportunity().stage() + ".");
        return null;
    }
}
