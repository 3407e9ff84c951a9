package org.rapport.loyalty.impl.command;

import java.math.BigDecimal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.MemberStatus;

/** {@code loyalty:purchase <contactId> <amount>} */
@Service
@Command(scope = "loyalty", name = "purchase", description = "Records a purchase; the loyalty rules decide the tier")
public class PurchaseCommand implements Action {

    @Argument(index = 0, name = "contactId", description = "The buying contact", required = true)
    long contactId;

    @Argument(index = 1, name = "amount", description = "Amount spent, e.g. 1200.00", required = true)
    String amount;

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
        MemberStatus status = loyalty.recordPurchase(contactId, value);
        System.out.println("Purchase of " + value.toPlainString() + " recorded for contact " + contactId + ".");
        MemberShowCommand.print(status);
        return null;
    }
}
