package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.persistence.Transactions;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/**
 * Purchases from more threads than there are connections, as the distribution hands them out
 * (dbcp2, 8 connections as shipped; 2 here). A transaction must never need a second connection
 * while it holds one: with every connection held by a transaction waiting for one more, nothing
 * moves (identifier blocks taken on connections of their own once did that, under REST load).
 */
@Category(UsesDatabase.class)
public class PurchasesOnFewConnectionsTest {

    private static final int CONNECTIONS = 2;
    private static final int THREADS = 8;
    private static final int PURCHASES = 40;

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules")
            .pooled(CONNECTIONS);

    @Test
    public void purchasesFromMoreThreadsThanConnectionsAllGoThrough() throws Exception {
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        LoyaltyServiceImpl loyalty = LoyaltyFixture.onTestRules(db, contacts);
        long[] members = new long[THREADS];
        for (int t = 0; t < THREADS; t++) {
            members[t] = contacts.create(new NewContact("buyer" + t + "@example.com", "Buyer", "No" + t)).id();
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                // Enough purchases that identifier blocks (50 entries each) run out while others buy.
                work.add(pool.submit(() -> {
                    for (int p = 0; p < PURCHASES; p++) {
                        loyalty.recordPurchase(new PurchaseEvent(members[thread], "P-" + thread + "-" + p,
                                new BigDecimal("10"), "EUR", "store", null, null), "thread " + thread);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Long.valueOf(THREADS * PURCHASES), Transactions.read(db.emf("rapport-loyalty"),
                em -> em.createQuery("select count(p) from PurchaseEntity p", Long.class).getSingleResult()));
    }
}
