package org.rapport.loyalty.impl.command;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.loyalty.api.ExpiryRun;
import org.rapport.loyalty.api.LoyaltyService;

/** {@code loyalty:expire [--as-of 2026-11-22]}: expires the points due now; the nightly run does the same. */
@Service
@Command(scope = "loyalty", name = "expire", description = "Expires every point whose expiry day has come, oldest first; "
        + "the nightly run does this too")
public class ExpireCommand implements Action {

    @Option(name = "--as-of", description = "Expire as on this day (yyyy-MM-dd, UTC); default today. Not in the future.")
    String asOf;

    @Reference
    LoyaltyService loyalty;

    @Override
    public Object execute() {
        Instant now = Instant.now();
        Instant when = now;
        if (asOf != null) {
            try {
                when = LocalDate.parse(asOf).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--as-of '" + asOf + "' is not a day such as 2026-11-22");
            }
            if (when.isAfter(now)) {
                throw new IllegalArgumentException("--as-of " + asOf + " is in the future; points expire when their day comes");
            }
        }
        ExpiryRun run = loyalty.expirePoints(when);
        System.out.println(run.points() + " points of " + run.members() + " member(s) expired.");
        return null;
    }
}
