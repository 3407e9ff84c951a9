package org.rapport.campaigns.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignFigures;
import org.rapport.campaigns.api.CampaignService;
import org.rapport.campaigns.api.Variant;

/** {@code campaigns:show}: a campaign and its figures, in all and per variant. */
@Service
@Command(scope = "campaigns", name = "show", description = "Shows a campaign and its figures per variant")
public class ShowCommand implements Action {

    @Argument(index = 0, name = "campaign", description = "The campaign's name", required = true)
    @Completion(CampaignNameCompleter.class)
    String name;

    @Reference
    CampaignService campaigns;

    @Override
    public Object execute() {
        Campaign c = Campaigns.named(campaigns, name);
        System.out.println("Campaign " + c.id() + " " + c.name() + ": " + c.status().label());
        System.out.println("  " + (c.condition() == null ? "segment " + c.segment() : "condition '" + c.condition()
                + "' (frozen at launch)") + ", purpose " + c.purpose() + ", channel " + c.channel() + ", "
                + c.ratePerMinute() + " a minute" + (c.startAt() == null ? "" : ", from " + c.startAt()));
        if (c.schedule() != null) {
            System.out.println("  every " + (c.schedule().day() == null ? "day" : c.schedule().day()) + " at "
                    + c.schedule().at() + " " + c.schedule().timeZone() + ", " + c.occurrences() + " occurrence(s)"
                    + (c.nextOccurrenceAt() == null ? "" : ", the next at " + c.nextOccurrenceAt()));
        }
        for (Variant v : c.variants()) {
            System.out.println("  variant " + v.template() + " share " + v.share() + (v.bestOffer() ? ", best offer"
                    + (v.fallback() == null ? " (none: held back)" : " (none: " + v.fallback() + ")") : ""));
        }
        CampaignFigures f = campaigns.figures(c.id());
        System.out.println(Campaigns.line(f.total()));
        f.variants().forEach(l -> System.out.println(Campaigns.line(l)));
        f.occurrences().forEach(o -> System.out.println(Campaigns.line("occurrence " + o.number(), o.total())));
        return null;
    }
}
