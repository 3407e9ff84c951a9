package org.rapport.sales.impl.command;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ShellUser;
import org.rapport.rest.shell.UserNameCompleter;
import org.rapport.sales.api.ForecastLine;
import org.rapport.sales.api.Opportunity;
import org.rapport.sales.api.PipelineStatistics;
import org.rapport.sales.api.SalesService;
import org.rapport.sales.api.StalledDeal;

/**
 * {@code sales:pipeline}: opportunities per stage, win rate, cycle time, conversion between stages, the
 * forecast, and the deals found stalled ({@code --check}: an analyst checks every open deal first).
 */
@Service
@Command(scope = "sales", name = "pipeline", description = "Shows the pipeline: opportunities per stage, win rate, "
        + "cycle time, the forecast by month and owner, weighted by stage probability, and the stalled deals")
public class PipelineCommand implements Action {

    private static final int STALLED_SHOWN = 50;

    @Option(name = "--from", description = "First month of the forecast, such as 2026-12 (default: this month)")
    String from;

    @Option(name = "--months", description = "How many months the forecast covers")
    int months = 6;

    @Option(name = "--owner", description = "Only this user's opportunities in the forecast")
    @Completion(UserNameCompleter.class)
    String owner;

    @Option(name = "--check", description = "Check every open deal for stalling now, before showing them (analysts)")
    boolean check;

    @Reference
    SalesService sales;

    @Override
    public Object execute() {
        YearMonth first;
        try {
            first = from == null ? YearMonth.now(ZoneOffset.UTC) : YearMonth.parse(from);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--from '" + from + "' is not a month such as 2026-12");
        }
        if (months < 1 || months > 36) {
            throw new IllegalArgumentException("--months is 1 to 36, not " + months);
        }
        PipelineStatistics stats = sales.statistics();
        System.out.println("Opportunities per stage: " + stats.byStage());
        System.out.println("Won " + stats.won() + ", lost " + stats.lost() + ", win rate "
                + (stats.winRate() == null ? "-" : stats.winRate() + "%") + ", average cycle "
                + (stats.averageCycleDays() == null ? "-" : stats.averageCycleDays() + " days") + "; leads "
                + stats.leadsByStatus() + ", converted " + (stats.leadConversionRate() == null ? "-"
                        : stats.leadConversionRate() + "%"));
        System.out.println("Went on from each stage (%): " + stats.stageConversion());
        ShellTable table = new ShellTable();
        table.column("Month");
        table.column("Owner");
        table.column("Cur");
        table.column("Deals").alignRight();
        table.column("Amount").alignRight();
        table.column("Weighted").alignRight();
        for (ForecastLine line : sales.forecast(first, first.plusMonths(months - 1L), owner)) {
            table.addRow().addContent(line.month(), line.owner(), line.currency(), line.opportunities(),
                    line.amount().toPlainString(), line.weighted().toPlainString());
        }
        table.print(System.out);
        stalled();
        return null;
    }

    /** The deals the last check found stalled, longest stalled first. */
    private void stalled() {
        if (check) {
            // The ACL lets agents see the pipeline; running the check is an analyst's, as over REST.
            ShellUser.require("checking every deal for stalling", Roles.ANALYST);
            sales.checkStalledDeals();
        }
        List<StalledDeal> deals = sales.stalledDeals(owner, 0, STALLED_SHOWN);
        long total = sales.countStalledDeals(owner);
        System.out.println("Stalled deals: " + total + (total > deals.size() ? " (the " + deals.size()
                + " longest stalled shown)" : ""));
        if (deals.isEmpty()) {
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Stage");
        table.column("Owner");
        table.column("Last activity");
        table.column("Stalled since");
        table.column("Decided by");
        for (StalledDeal deal : deals) {
            Opportunity o = deal.opportunity();
            table.addRow().addContent(o.id(), o.name(), o.stage(), o.owner(), deal.lastActivity(), deal.since(),
                    "\"" + deal.rule() + "\" (sales v" + deal.release() + ")");
        }
        table.print(System.out);
    }
}
