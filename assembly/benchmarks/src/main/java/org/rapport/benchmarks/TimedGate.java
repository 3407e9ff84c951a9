package org.rapport.benchmarks;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.rapport.privacy.spi.ConsentGate;
import org.rapport.privacy.spi.ConsentVerdict;

/**
 * A consent gate that hands every question to privacy's and counts the time it takes to answer, so
 * that a benchmark can say how much of a run the gate was.
 */
final class TimedGate implements ConsentGate {

    private final ConsentGate gate;
    private final AtomicLong nanos = new AtomicLong();

    TimedGate(ConsentGate gate) {
        this.gate = gate;
    }

    /** The seconds spent answering so far. */
    double seconds() {
        return nanos.get() / 1e9;
    }

    @Override
    public ConsentVerdict check(long contactId, String purpose, String channel, String action, String requester) {
        long start = System.nanoTime();
        try {
            return gate.check(contactId, purpose, channel, action, requester);
        } finally {
            nanos.addAndGet(System.nanoTime() - start);
        }
    }

    @Override
    public Map<Long, ConsentVerdict> checkProfiling(Collection<Long> contactIds, String purpose, String action,
            String requester) {
        long start = System.nanoTime();
        try {
            return gate.checkProfiling(contactIds, purpose, action, requester);
        } finally {
            nanos.addAndGet(System.nanoTime() - start);
        }
    }

    @Override
    public Map<Long, ConsentVerdict> preview(Collection<Long> contactIds, String purpose, String channel) {
        long start = System.nanoTime();
        try {
            return gate.preview(contactIds, purpose, channel);
        } finally {
            nanos.addAndGet(System.nanoTime() - start);
        }
    }
}
