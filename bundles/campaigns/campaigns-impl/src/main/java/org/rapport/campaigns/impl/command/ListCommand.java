package org.rapport.campaigns.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignService;

/** {@code campaigns:list}: every campaign, newest first. */
@Service
@Command(scope = "campaigns", name = "list", description = "Lists the campaigns, newest first")
public class ListCommand implements Action {

    @Reference
    CampaignService campaigns;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Segment");
        table.column("Purpose");
        table.column("Channel");
        table.column("Status");
        table.column("Recipients");
        table.column("Rate/min");
        for (Campaign c : campaigns.list()) {
            table.addRow().addContent(c.id(), c.name(), c.segment() == null ? "(condition)" : c.segment(), c.purpose(), c.channel(), c.status().label(),
                    c.recipients(), c.ratePerMinute());
        }
        table.print(System.out);
        return null;
    }
}
