package org.rapport.offers.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rapport.offers.api.Offer;
import org.rapport.offers.api.OfferService;

/** Completes the codes of the catalogue's offers, at most {@value #OFFERED}. */
@Service
public class OfferCodeCompleter implements Completer {

    static final int OFFERED = 100;

    @Reference
    OfferService offers;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter codes = new StringsCompleter();
        for (Offer o : offers.list().stream().limit(OFFERED).toList()) {
            codes.getStrings().add(o.code());
        }
        return codes.complete(session, commandLine, candidates);
    }
}
