package org.rapport.retention.api.shell;

import org.rapport.retention.api.RetentionSweep;

/** A sweep completer on a given service, as Karaf's @Reference would set it, for tests in other packages. */
public final class SweepRunCompleters {

    private SweepRunCompleters() {
    }

    public static SweepRunCompleter on(RetentionSweep sweeps) {
        SweepRunCompleter completer = new SweepRunCompleter();
        completer.sweeps = sweeps;
        return completer;
    }
}
