package org.rapport.offers.impl;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;

import org.rapport.offers.api.Offer;

/**
 * The catalogue as deciding a customer's offers reads it: every offer of {@code OFFER} in memory,
 * read again at once after an offer is defined on this node ({@link #changed}) and at the latest
 * {@value #MAX_AGE_MILLIS} ms after it was read, so that a change another node sharing the database
 * made is served within that time (as that node's rule releases are). A request reads it from the
 * database only when it is stale: the catalogue is small and changes rarely, the customers' reads
 * are many.
 */
final class Catalogue {

    static final long MAX_AGE_MILLIS = 1000;

    private final LongSupplier nanoTime;
    /** Goes up with every change on this node; a catalogue read before a change is not kept. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Snapshot current;

    private record Snapshot(long generation, long readAt, Map<String, Offer> offers) {
    }

    Catalogue() {
        this(System::nanoTime);
    }

    /** With the clock that ages it, {@link System#nanoTime} outside tests. */
    Catalogue(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Every offer by code, read through {@code em} when the one in memory is stale. */
    Map<String, Offer> offers(EntityManager em) {
        Snapshot s = current;
        long now = nanoTime.getAsLong();
        long gen = generation.get();
        if (s != null && s.generation() == gen && now - s.readAt() < TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MILLIS)) {
            return s.offers();
        }
        Map<String, Offer> offers = em.createQuery("select o from OfferEntity o", OfferEntity.class).getResultList()
                .stream().map(OfferEntity::view).collect(Collectors.toUnmodifiableMap(Offer::code, Function.identity()));
        // Kept only when no change happened on this node since the generation was taken; a snapshot
        // stored just as a change lands carries the older generation and is read again at once.
        if (generation.get() == gen) {
            current = new Snapshot(gen, now, offers);
        }
        return offers;
    }

    /** An offer was defined or changed on this node (after its transaction committed): the next read is fresh. */
    void changed() {
        generation.incrementAndGet();
    }
}
