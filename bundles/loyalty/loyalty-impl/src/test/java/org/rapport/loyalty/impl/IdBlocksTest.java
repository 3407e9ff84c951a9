package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseLine;
import org.rapport.persistence.Transactions;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * The ids a purchase writes (its entry, the entry's lines, the purchase's lines, its timeline
 * interaction) come from blocks of {@link EntryEntity#ID_BLOCK}: once a block is taken, hundreds
 * of purchases go through while another transaction holds the sequences' rows of
 * {@code RAPPORT_ID}, as one does that takes the next block, until it commits.
 */
@Category(UsesDatabase.class)
public class IdBlocksTest {

    private static final int PURCHASES = 300;

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules");

    @Test
    public void purchasesGoThroughWhileTheSequencesRowsAreLocked() throws Exception {
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        InteractionServiceImpl timeline = new InteractionServiceImpl(db.emf("rapport-contacts"));
        LoyaltyServiceImpl loyalty = LoyaltyFixture.onTestRules(db, contacts);
        long buyer = contacts.create(new NewContact("buyer@example.com", "Buyer", "One")).id();
        buy(loyalty, timeline, buyer, 0); // takes the first block of each

        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Connection holder = db.dataSource().getConnection(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            assertEquals(4, s.executeUpdate("UPDATE RAPPORT_ID SET NEXT_ID = NEXT_ID WHERE NAME IN "
                    + "('LOYALTY_ENTRY', 'LOYALTY_LINE', 'LOYALTY_PURCHASE_LINE', 'INTERACTION')"));
            Future<?> purchases = other.submit(() -> {
                for (int p = 1; p < PURCHASES; p++) {
                    buy(loyalty, timeline, buyer, p);
                }
                return null;
            });
            // With blocks of 50 or 100 this waits for the rows, and the lock wait times out.
            purchases.get(2, TimeUnit.MINUTES);
            holder.rollback();
        } finally {
            other.shutdownNow();
        }
        assertEquals(Long.valueOf(PURCHASES), Transactions.read(db.emf("rapport-loyalty"),
                em -> em.createQuery("select count(p) from PurchaseEntity p", Long.class).getSingleResult()));
        assertEquals(PURCHASES, timeline.timeline(buyer, Set.of(), 0, PURCHASES + 1).size());
    }

    private static void buy(LoyaltyServiceImpl loyalty, InteractionServiceImpl timeline, long buyer, int p) {
        loyalty.recordPurchase(new PurchaseEvent(buyer, "P-" + p, new BigDecimal("10"), "EUR", "store", null, null,
                List.of(new PurchaseLine("SKU-1", "Coffee", 1, new BigDecimal("4")),
                        new PurchaseLine("SKU-2", "Tea", 2, new BigDecimal("3")))), "till");
        timeline.record(buyer, new NewInteraction(Channel.IN_PERSON.label(), "inbound", "purchase", null, null, null, "loyalty.purchase:P-" + p),
                "loyalty");
    }
}
