package org.rapport.retention.impl.command;

import java.time.YearMonth;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.retention.api.KpiRow;
import org.rapport.retention.api.RetentionService;

/** {@code retention:kpis [--from yyyy-MM] [--to yyyy-MM] [--quarters] [--tier t]}: retention figures over time. */
@Service
@Command(scope = "retention", name = "kpis", description = "Shows retention and churn rates, customers at risk, "
        + "win-backs and NPS per month or quarter, for everyone and per tier")
public class KpisCommand implements Action {

    @Option(name = "--from", description = "The first month, yyyy-MM (default: eleven months before --to)")
    String from;

    @Option(name = "--to", description = "The last month, yyyy-MM (default: this month)")
    String to;

    @Option(name = "--quarters", description = "Per quarter instead of per month")
    boolean quarters;

    @Option(name = "--tier", description = "Only this tier's rows (all for everyone)")
    String tier;

    @Reference
    RetentionService retention;

    @Override
    public Object execute() {
        YearMonth end = to == null ? YearMonth.now() : YearMonth.parse(to);
        YearMonth start = from == null ? end.minusMonths(11) : YearMonth.parse(from);
        ShellTable table = new ShellTable();
        table.column("Period");
        table.column("Tier");
        table.column("Active").alignRight();
        table.column("Retained").alignRight();
        table.column("Retention").alignRight();
        table.column("Churn").alignRight();
        table.column("At risk").alignRight();
        table.column("Opened").alignRight();
        table.column("Won back").alignRight();
        table.column("NPS").alignRight();
        for (KpiRow r : retention.kpis(start, end, quarters)) {
            if (tier == null || tier.equalsIgnoreCase(r.tier())) {
                table.addRow().addContent(r.period(), r.tier(), r.activeAtStart(), r.retained(), percent(r.retentionRate()),
                        percent(r.churnRate()), r.atRisk(), r.episodesOpened(), r.wonBack() + " " + percent(r.winBackRate()),
                        r.nps() == null ? "" : r.nps() + " (" + r.npsAnswers() + ")");
            }
        }
        table.print(System.out);
        return null;
    }

    private static String percent(Double rate) {
        return rate == null ? "" : Math.round(rate * 1000) / 10.0 + "%";
    }
}
