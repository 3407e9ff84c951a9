package org.rapport.loyalty.impl.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.Member;
import org.rapport.loyalty.api.TierChange;

/** {@code loyalty:show <contactId>}: balance, tier, the rule that set it, points about to expire, tier history. */
@Service
@Command(scope = "loyalty", name = "show", description = "Shows a member's points, tier, the rule that set the tier, "
        + "points about to expire and the tier history")
public class MemberShowCommand implements Action {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Argument(index = 0, name = "contactId", description = "The member's contact id", required = true)
    @Completion(ContactIdCompleter.class)
    long contactId;

    @Reference
    LoyaltyService loyalty;

    @Override
    public Object execute() {
        Member member = loyalty.member(contactId).orElseThrow(() -> new IllegalArgumentException("contact "
                + contactId + " is not a loyalty member yet: a first purchase or adjustment makes them one"));
        print(member);
        List<TierChange> changes = loyalty.tierHistory(contactId);
        if (!changes.isEmpty()) {
            System.out.println("Tier history:");
            for (TierChange c : changes.subList(0, Math.min(10, changes.size()))) {
                System.out.println("  " + TIME.format(c.changedAt()) + "  " + (c.fromTier() == null ? "(new)" : c.fromTier())
                        + " -> " + c.toTier() + "  by \"" + c.rule() + "\" (" + c.release() + ")");
            }
        }
        return null;
    }

    static void print(Member m) {
        line("Contact:", m.contactId() + (m.joinedAt() == null ? "" : ", member since " + TIME.format(m.joinedAt())));
        line("Points:", Long.toString(m.balance()));
        line("Qualifying (12 mo):", Long.toString(m.qualifyingPoints()));
        line("Spend (12 mo):", m.spendLast12Months().toPlainString() + " in " + m.purchasesLast12Months() + " purchase(s)");
        line("Tier:", (m.tier() == null ? "(none)" : m.tier())
                + (m.tierSince() == null ? "" : " since " + TIME.format(m.tierSince())));
        line("Decided by:", m.tierRule() == null ? "(no rule yet)" : "\"" + m.tierRule() + "\" (" + m.tierRelease() + ")");
        if (m.atRiskSince() != null) {
            line("At risk since:", TIME.format(m.atRiskSince())
                    + " (points below the tier's threshold; a downgrade follows after the grace period)");
        }
        if (!m.expiring().isEmpty()) {
            line("Expiring:", m.expiring().stream().limit(3).map(e -> e.points() + " on " + e.on())
                    .reduce((a, b) -> a + ", " + b).orElse(""));
        }
    }

    private static void line(String label, String value) {
        System.out.println(String.format("%-21s", label) + value);
    }

}
