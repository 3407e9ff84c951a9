package org.rapport.privacy.impl.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.privacy.api.LegalHold;
import org.rapport.privacy.api.DataRetentionService;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ShellUser;

/**
 * {@code privacy:holds}: lists legal holds; {@code privacy:holds --place <contactId> <reason...>} places one,
 * {@code privacy:holds --lift <contactId>} lifts one.
 */
@Service
@Command(scope = "privacy", name = "holds", description = "Lists, places or lifts legal holds, which keep data "
        + "retention from deleting or anonymising a contact's records")
public class HoldsCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Option(name = "--place", description = "Place a hold on this contact (give the reason after it)")
    @Completion(ContactIdCompleter.class)
    Long place;

    @Option(name = "--lift", description = "Lift this contact's hold")
    @Completion(ContactIdCompleter.class)
    Long lift;

    @Argument(index = 0, name = "reason", description = "Why, with --place", multiValued = true)
    List<String> reason;

    @Reference
    DataRetentionService retention;

    @Override
    public Object execute() {
        if (place != null || lift != null) {
            ShellUser.require("privacy:holds " + (place != null ? "--place" : "--lift"), Roles.ADMIN);
        }
        if (place != null) {
            LegalHold hold = retention.hold(place, reason == null ? null : String.join(" ", reason), ShellUser.name());
            System.out.println("Contact " + hold.contactId() + " is on legal hold: " + hold.reason());
        } else if (lift != null) {
            System.out.println(retention.release(lift, ShellUser.name()) ? "Hold on contact " + lift + " lifted."
                    : "Contact " + lift + " had no hold.");
        }
        for (LegalHold h : retention.holds()) {
            System.out.println(h.contactId() + "  since " + TIME.format(h.placedAt()) + " by " + h.placedBy() + ": "
                    + h.reason());
        }
        return null;
    }
}
