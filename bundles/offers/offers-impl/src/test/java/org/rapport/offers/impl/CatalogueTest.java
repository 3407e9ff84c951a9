package org.rapport.offers.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.persistence.EntityManagerFactory;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.offers.api.Offer;
import org.rapport.offers.api.OfferKind;
import org.rapport.persistence.Transactions;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * The catalogue in memory on Derby: read again at once after a change on this node, and a change
 * another node made to the shared table (here: written to the table directly) served once the
 * catalogue is {@value Catalogue#MAX_AGE_MILLIS} ms old, not before.
 */
@Category(UsesDatabase.class)
public class CatalogueTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-offers");

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Catalogue catalogue = new Catalogue(nanos::get);
    private EntityManagerFactory emf;

    @Before
    public void setUp() {
        emf = db.emf("rapport-offers");
        store("MUG", "The mug", true);
    }

    /** Writes the row as another node would: nothing tells this node's catalogue. */
    private void store(String code, String title, boolean active) {
        Transactions.run(emf, em -> {
            OfferEntity o = em.find(OfferEntity.class, code);
            if (o == null) {
                o = new OfferEntity(code);
                em.persist(o);
            }
            o.set(new Offer(code, title, null, OfferKind.CROSS_SELL, LocalDate.of(2026, 1, 1), null, active, null, null),
                    "analyst1", Instant.parse("2026-03-10T10:00:00Z"));
        });
    }

    private Offer read(String code) {
        return Transactions.read(emf, em -> catalogue.offers(em).get(code));
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    public void aChangeOnThisNodeIsReadAtOnce() {
        assertEquals("The mug", read("MUG").title());
        store("MUG", "The mug, two for one", false);
        catalogue.changed();
        Offer changed = read("MUG");
        assertEquals("The mug, two for one", changed.title());
        assertFalse(changed.active());
        store("KETTLE", "The kettle", true);
        catalogue.changed();
        assertEquals("a new offer too", "The kettle", read("KETTLE").title());
    }

    @Test
    public void aChangeOnAnotherNodeIsReadOnceTheCatalogueIsAsOldAsItsMaximumAge() {
        assertEquals("The mug", read("MUG").title());
        store("MUG", "The mug, two for one", true);
        store("KETTLE", "The kettle", true);
        advanceMillis(Catalogue.MAX_AGE_MILLIS - 1);
        assertEquals("kept in memory until then", "The mug", read("MUG").title());
        assertNull(read("KETTLE"));
        advanceMillis(1);
        assertEquals("The mug, two for one", read("MUG").title());
        assertEquals("The kettle", read("KETTLE").title());
    }
}
