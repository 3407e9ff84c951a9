package org.rapport.segments.impl;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.rapport.privacy.spi.ConsentGate;

/**
 * Asks the consent gate, for many contacts at once, which of them segments may profile: members of
 * a marketing segment and buyers given RFM scores. The gate records each block with its reason;
 * the requester names the run (a refresh names its day), so a contact blocked again in the same
 * run, or by the watcher for the same reason, is not recorded twice.
 */
final class ProfilingFilter {

    /** What the watcher, checking changed contacts every few seconds, asks as. */
    static final String WATCHER = "segments (changed contacts)";

    private final ConsentGate gate;
    /** The purpose asked for; null: nobody is asked about. */
    private final String purpose;

    ProfilingFilter(ConsentGate gate, String purpose) {
        this.purpose = purpose == null || purpose.isBlank() ? null : purpose.strip();
        if (this.purpose != null && gate == null) {
            throw new IllegalArgumentException("profilingPurpose in " + SegmentConfig.PID + " is '" + this.purpose
                    + "' but there is no consent gate to ask");
        }
        this.gate = gate;
    }

    /** Those of {@code ids} the gate lets segments profile for {@code action}; all of them when no purpose is set. */
    Set<Long> allowed(Collection<Long> ids, String action, String requester) {
        if (purpose == null || ids.isEmpty()) {
            return new HashSet<>(ids);
        }
        return ConsentGate.allowed(gate.checkProfiling(ids, purpose, action, requester));
    }

    /** Those of {@code ids} the gate would let segments profile now, recording nothing. */
    Set<Long> previewed(Collection<Long> ids) {
        if (purpose == null || ids.isEmpty()) {
            return new HashSet<>(ids);
        }
        return ConsentGate.allowed(gate.preview(ids, purpose, null));
    }

    /** The contacts of a marketing segment's {@code matching} the gate lets segments profile. */
    Set<Long> members(String segment, Set<Long> matching, String requester) {
        return allowed(matching, "membership of segment '" + segment + "'", requester);
    }

    /** Who asks for a whole refresh or scoring: the day's run. */
    static String run(String what, Instant now) {
        return "segments " + what + " of " + LocalDate.ofInstant(now, ZoneOffset.UTC);
    }
}
