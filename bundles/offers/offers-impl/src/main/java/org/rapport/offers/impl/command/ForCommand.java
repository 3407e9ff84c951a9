package org.rapport.offers.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.offers.api.ContactOffers;
import org.rapport.offers.api.OfferService;
import org.rapport.offers.api.RankedOffer;
import org.rapport.rest.security.ShellUser;

/** {@code offers:for <contact>}: a customer's offers, best first, with the rule and release of each. */
@Service
@Command(scope = "offers", name = "for", description = "Shows a customer's offers, best first, with the rule that "
        + "decided each")
public class ForCommand implements Action {

    @Argument(index = 0, name = "contact", description = "The contact's id", required = true)
    @Completion(ContactIdCompleter.class)
    long contact;

    @Reference
    OfferService offers;

    @Override
    public Object execute() {
        ContactOffers decided = offers.offersFor(contact, ShellUser.name());
        if (!decided.personalised()) {
            System.out.println("No offers for contact " + contact + ": " + decided.reason() + ".");
        } else if (decided.offers().isEmpty()) {
            System.out.println("No offers for contact " + contact + ".");
        }
        for (RankedOffer o : decided.offers()) {
            System.out.println(o.rank() + ". " + o.code() + " (" + o.kind().label() + ") " + o.title()
                    + "\n    by \"" + o.rule() + "\" (" + o.release() + ")");
        }
        return null;
    }
}
