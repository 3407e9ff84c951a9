package org.rapport.contacts.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rapport.contacts.api.ContactMerger;

/** Completes a field a merge can take or keep, from the list the merger accepts. */
@Service
public class MergeFieldCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        return new StringsCompleter(ContactMerger.FIELDS, true).complete(session, line, candidates);
    }
}
