package org.rapport.privacy.api.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.privacy.api.ConsentService;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;

/**
 * Completes a consent purpose, as the privacy configuration lists them ({@code purposes} in
 * {@code etc/org.rapport.privacy.cfg}). Agents record consent, analysts check it.
 */
@Service
public class PurposeCompleter extends BoundedCompleter {

    @Reference
    ConsentService consents;

    public PurposeCompleter() {
        super(Roles.AGENT, Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return startingWith(typed, consents.purposes().stream());
    }
}
