package org.rapport.sales.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.LeadStatus;
import org.rapport.sales.api.SalesService;

/** Completes the ids of the newest open leads, at most {@value #OFFERED}. */
@Service
public class LeadIdCompleter implements Completer {

    static final int OFFERED = 20;

    @Reference
    SalesService sales;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        for (Lead lead : sales.leads(LeadStatus.OPEN, 0, OFFERED)) {
            ids.getStrings().add(Long.toString(lead.id()));
        }
        return ids.complete(session, commandLine, candidates);
    }
}
