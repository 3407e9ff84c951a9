package org.rapport.campaigns.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignService;
import org.rapport.rest.security.ShellUser;

/** {@code campaigns:cancel}: see {@link CampaignService#cancel}. */
@Service
@Command(scope = "campaigns", name = "cancel", description = "Cancels a campaign for good; recipients not reached yet get nothing")
public class CancelCommand implements Action {

    @Argument(index = 0, name = "campaign", description = "The campaign's name", required = true)
    @Completion(CampaignNameCompleter.class)
    String name;

    @Reference
    CampaignService campaigns;

    @Override
    public Object execute() {
        Campaign c = campaigns.cancel(Campaigns.named(campaigns, name).id(), ShellUser.name());
        System.out.println(Campaigns.state(c));
        return null;
    }
}
