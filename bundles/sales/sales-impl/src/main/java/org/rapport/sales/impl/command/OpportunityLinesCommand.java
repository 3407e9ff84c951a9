package org.rapport.sales.impl.command;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ShellUser;
import org.rapport.sales.api.Opportunity;
import org.rapport.sales.api.OpportunityLine;
import org.rapport.sales.api.SalesService;
import org.rapport.sales.api.SalesValidationException;

/** {@code sales:opportunity-lines}: shows an opportunity's product lines, or replaces them (agents). */
@Service
@Command(scope = "sales", name = "opportunity-lines", description = "Shows an opportunity's product lines, or "
        + "replaces them: each line sku|name|quantity|unit price[|currency]; the amount becomes their sum")
public class OpportunityLinesCommand implements Action {

    @Argument(index = 0, name = "opportunity", description = "The opportunity's id", required = true)
    long opportunityId;

    @Argument(index = 1, name = "lines", description = "The new lines, each sku|name|quantity|unit price[|currency] "
            + "(sku or name may be empty): 'WID-1|Widget|3|19.90'", multiValued = true)
    List<String> lines;

    @Option(name = "--clear", description = "Remove every line (the amount stays as it is)")
    boolean clear;

    @Reference
    SalesService sales;

    @Override
    public Object execute() {
        if (clear || lines != null && !lines.isEmpty()) {
            // The ACL lets analysts read lines; changing them is an agent's, as over REST.
            ShellUser.require("changing an opportunity's lines", Roles.AGENT);
            Opportunity o = sales.setLines(opportunityId, clear ? List.of() : parse(lines), ShellUser.name());
            System.out.println("Opportunity " + o.id() + " '" + o.name() + "': amount " + o.amount().toPlainString() + " "
                    + o.currency() + ".");
        }
        ShellTable table = new ShellTable();
        table.column("#").alignRight();
        table.column("SKU");
        table.column("Name");
        table.column("Quantity").alignRight();
        table.column("Unit price").alignRight();
        table.column("Cur");
        table.column("Total").alignRight();
        int i = 0;
        for (OpportunityLine line : sales.lines(opportunityId)) {
            table.addRow().addContent(i++, line.sku(), line.name(), line.quantity().toPlainString(),
                    line.unitPrice().toPlainString(), line.currency(), line.total().toPlainString());
        }
        table.print(System.out);
        return null;
    }

    /** The lines as written, every one at fault named {@code lines[i].field}. */
    public static List<OpportunityLine> parse(List<String> written) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<OpportunityLine> parsed = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            String[] parts = written.get(i).split("\\|", -1);
            if (parts.length < 4 || parts.length > 5) {
                errors.put("lines[" + i + "]", "write sku|name|quantity|unit price[|currency]");
                continue;
            }
            parsed.add(new OpportunityLine(parts[0], parts[1], number(errors, "lines[" + i + "].quantity", parts[2]),
                    number(errors, "lines[" + i + "].unitPrice", parts[3]), parts.length == 5 ? parts[4] : null));
        }
        if (!errors.isEmpty()) {
            throw new SalesValidationException(errors);
        }
        return parsed;
    }

    private static BigDecimal number(Map<String, String> errors, String field, String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            errors.put(field, "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "' is not a number");
            return null;
        }
    }
}
