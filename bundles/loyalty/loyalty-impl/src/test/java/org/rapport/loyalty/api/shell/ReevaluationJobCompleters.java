package org.rapport.loyalty.api.shell;

import org.rapport.loyalty.api.TierReevaluation;

/** A job completer on a given service, as Karaf's @Reference would set it, for tests in other packages. */
public final class ReevaluationJobCompleters {

    private ReevaluationJobCompleters() {
    }

    public static ReevaluationJobCompleter on(TierReevaluation reevaluation) {
        ReevaluationJobCompleter completer = new ReevaluationJobCompleter();
        completer.reevaluation = reevaluation;
        return completer;
    }
}
