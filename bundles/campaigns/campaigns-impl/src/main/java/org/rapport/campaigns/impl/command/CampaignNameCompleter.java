package org.rapport.campaigns.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignService;

/** Completes the names of the newest campaigns, at most {@value #OFFERED}. */
@Service
public class CampaignNameCompleter implements Completer {

    static final int OFFERED = 50;

    @Reference
    CampaignService campaigns;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        for (Campaign c : campaigns.list().stream().limit(OFFERED).toList()) {
            names.getStrings().add(c.name());
        }
        return names.complete(session, commandLine, candidates);
    }
}
