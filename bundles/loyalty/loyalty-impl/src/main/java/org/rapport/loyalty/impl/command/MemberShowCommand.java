package org.rapport.loyalty.impl.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.MemberStatus;

/** {@code loyalty:show <contactId>}: spend, tier and the rule that set it. */
@Service
@Command(scope = "loyalty", name = "show", description = "Shows a member's spend, tier and the rule that set the tier")
public class MemberShowCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Argument(index = 0, name = "contactId", description = "The member's contact id", required = true)
    long contactId;

    @Reference
    LoyaltyService loyalty;

    @Override
    public Object execute() {
        MemberStatus status = loyalty.member(contactId).orElseThrow(
                () -> new IllegalArgumentException("contact " + contactId + " has no loyalty membership yet (no purchase)"));
        print(status);
        return null;
    }

    static void print(MemberStatus status) {
        System.out.println("Contact:        " + status.contactId());
        System.out.println("Spend (12 mo):  " + status.spendLast12Months().toPlainString() + " in "
                + status.purchasesLast12Months() + " purchase(s)");
        System.out.println("Tier:           " + (status.tier() == null ? "(none)" : status.tier())
                + (status.tierSince() == null ? "" : " since " + TIME.format(status.tierSince())));
        System.out.println("Decided by:     " + (status.tierRule() == null ? "(no rule yet)"
                : "\"" + status.tierRule() + "\" (" + status.tierRelease() + ")"));
    }
}
