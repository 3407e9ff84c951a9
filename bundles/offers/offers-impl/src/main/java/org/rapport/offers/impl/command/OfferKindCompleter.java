package org.rapport.offers.impl.command;

import java.util.Arrays;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rapport.offers.api.OfferKind;

/** Completes the kinds of offer: {@code cross-sell}, {@code upsell}, {@code win-back}. */
@Service
public class OfferKindCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(Arrays.stream(OfferKind.values()).map(OfferKind::label).toList())
                .complete(session, commandLine, candidates);
    }
}
