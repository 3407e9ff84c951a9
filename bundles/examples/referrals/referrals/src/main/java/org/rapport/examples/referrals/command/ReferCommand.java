package org.rapport.examples.referrals.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.examples.referrals.ReferralProgramme;

/** {@code referrals:refer <referrerId> <contactId>} */
@Service
@Command(scope = "referrals", name = "refer", description = "Records that one customer referred another; the "
        + "referred customer's first purchase then earns the referrer what the referral rules award")
public class ReferCommand implements Action {

    @Argument(index = 0, name = "referrerId", description = "The customer who referred", required = true)
    @Completion(ContactIdCompleter.class)
    long referrerId;

    @Argument(index = 1, name = "contactId", description = "The customer referred", required = true)
    @Completion(ContactIdCompleter.class)
    long contactId;

    @Reference
    ReferralProgramme programme;

    @Override
    public Object execute() {
        ReferralProgramme.Referral referral = programme.refer(referrerId, contactId, "shell");
        System.out.println("Contact " + referral.contactId() + " referred by contact " + referral.referrerId() + ".");
        return null;
    }
}
