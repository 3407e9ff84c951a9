package org.rapport.campaigns.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignPreview;
import org.rapport.campaigns.api.CampaignService;

/** {@code campaigns:preview}: whom a campaign would reach now; sends and records nothing. */
@Service
@Command(scope = "campaigns", name = "preview", description = "Counts whom a campaign would reach now and whom the "
        + "consent gate would hold back, by reason; sends nothing")
public class PreviewCommand implements Action {

    @Argument(index = 0, name = "campaign", description = "The campaign's name", required = true)
    @Completion(CampaignNameCompleter.class)
    String name;

    @Reference
    CampaignService campaigns;

    @Override
    public Object execute() {
        Campaign c = Campaigns.named(campaigns, name);
        CampaignPreview p = campaigns.preview(c.id());
        System.out.println("Campaign " + c.name() + ": audience " + p.audience() + ", reachable " + p.reachable()
                + ", held back " + (p.audience() - p.reachable()) + Campaigns.reasons(p.heldBack()));
        p.byVariant().forEach((variant, count) -> System.out.println("  " + variant + ": " + count));
        if (c.variants().stream().anyMatch(v -> v.bestOffer())) {
            System.out.println("  best offers: " + p.offered() + " shown an offer, " + p.fallback() + " the fallback");
        }
        return null;
    }
}
