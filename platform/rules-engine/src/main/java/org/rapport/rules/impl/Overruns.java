package org.rapport.rules.impl;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Withdraws a release whose evaluations keep overrunning their time budget or firing limit: the
 * release before it serves again, as a new release (history only grows), and the analysts are told
 * in the log, in the audit log (the withdrawal event) and as the package's last rejection, which
 * {@code rules:list}, the REST API and the console show.
 */
final class Overruns {

    private static final Logger LOG = LoggerFactory.getLogger(Overruns.class);
    static final String AUTHOR = "rules engine";

    private final DroolsRulesEngine engine;

    Overruns(DroolsRulesEngine engine) {
        this.engine = engine;
    }

    void withdraw(PackageSlot slot, ActiveRelease overrunning, Evaluator.Overrun last) {
        Release release = overrunning.release;
        if (slot.active == null || slot.active.release.version() != release.version()) {
            return; // replaced meanwhile
        }
        String reason = "v" + release.version() + " withdrawn: " + overrunning.overruns.get()
                + " evaluations overran their limits; the last: " + last.getMessage();
        Optional<Release> previous = engine.history(slot.name).stream()
                .filter(r -> r.version() < release.version() && !r.hash().equals(release.hash()))
                .max(Comparator.comparingLong(Release::version));
        String origin = "withdrawn v" + release.version() + " (overran its limits)";
        if (previous.isPresent()) {
            Map<String, String> files = engine.files(slot.name, previous.get().version()).orElseThrow();
            Release back = engine.deploy(slot.name, files, "rollback to v" + previous.get().version() + ", " + origin,
                    AUTHOR);
            LOG.error("Rule package '{}' {}; v{} (the files of v{}) serves instead", slot.name, reason, back.version(),
                    previous.get().version());
        } else {
            synchronized (slot) {
                if (slot.active == null || slot.active.release.version() != release.version()) {
                    return;
                }
                slot.active = null;
            }
            LOG.error("Rule package '{}' {}; no earlier release to serve instead, the package serves nothing",
                    slot.name, reason);
        }
        engine.reject(slot, overrunning.files, origin, List.of(new RuleProblem("(package)", 0, 0, reason)));
        engine.announceWithdrawn(release, origin);
    }
}
