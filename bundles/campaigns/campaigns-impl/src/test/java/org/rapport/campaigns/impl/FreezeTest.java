package org.rapport.campaigns.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.persistence.EntityManager;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.campaigns.api.NewCampaign;
import org.rapport.campaigns.api.Variant;
import org.rapport.contacts.api.Contact;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.ConsentState;
import org.rapport.segments.api.SegmentService;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * Freezing a segment's members into a campaign's recipients from their ids alone, in pages: the
 * same contacts as the members read whole, and nothing written when the freeze fails part way.
 */
@Category(UsesDatabase.class)
public class FreezeTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-campaigns", "rapport-contacts", "rapport-segments",
            "rapport-communication", "rapport-privacy", "rapport-rules");

    private CampaignsFixture f;
    private long campaign;
    private final List<Long> customers = new ArrayList<>();

    @Before
    public void setUp() {
        f = new CampaignsFixture(db);
        for (String name : List.of("ann", "ben", "cat", "dan", "eve", "fay", "gus")) {
            customers.add(f.customer(name, name.equals("dan") ? "staff" : "regular",
                    name.equals("eve") ? ConsentState.WITHDRAWN : ConsentState.GRANTED, null));
        }
        f.segments.define("regulars", "regular buyers", "tag:regular -tag:staff", "analyst");
        campaign = f.campaigns.define(new NewCampaign("spring", "regulars", "marketing", "email",
                List.of(new Variant("spring-a", 50), new Variant("spring-b", 50)), null, 100, null), "analyst").id();
    }

    @After
    public void tearDown() {
        f.close();
    }

    @Test
    public void theRecipientsAreTheMembersReadWholeInPagesOfIds() {
        // Fay's contact erased, the segments' part of her erasure still to come: no member, no recipient.
        long fay = customers.get(5);
        Transactions.run(db.emf("rapport-contacts"), em -> {
            em.createNativeQuery("delete from CONTACT_TAG where CONTACT_ID = ?").setParameter(1, fay).executeUpdate();
            em.createNativeQuery("delete from CONTACT where ID = ?").setParameter(1, fay).executeUpdate();
        });
        List<Long> members = f.segments.membersAfter("regulars", 0, 1000).stream().map(Contact::id).toList();

        long frozen = Transactions.inTransaction(f.unit, em -> new Audiences(f.segments, f.contacts, 2)
                .freeze(em, em.find(CampaignEntity.class, campaign), 1));

        // Eve withdrew marketing consent: frozen all the same, the gate holds her back at send time.
        assertEquals(List.of(customers.get(0), customers.get(1), customers.get(2), customers.get(4),
                customers.get(6)), members);
        assertEquals(5, frozen);
        assertEquals(members, f.recipients(campaign));
        EntityManager em = f.unit.createEntityManager();
        try {
            for (Object[] row : em.createQuery("select r.contactId, r.variant from RecipientEntity r", Object[].class)
                    .getResultList()) {
                long contact = (Long) row[0];
                assertEquals("the variant the hash of the campaign's and the contact's ids picks",
                        Variants.choose(List.of(new Variant("spring-a", 50), new Variant("spring-b", 50)), campaign,
                                contact), row[1]);
            }
        } finally {
            em.close();
        }
    }

    @Test
    public void aFreezeThatFailsPartWayWritesNothing() {
        AtomicInteger pages = new AtomicInteger();
        SegmentService failing = (SegmentService) Proxy.newProxyInstance(SegmentService.class.getClassLoader(),
                new Class<?>[] {SegmentService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("memberIds") && pages.incrementAndGet() == 2) {
                        throw new IllegalStateException("the database went away");
                    }
                    try {
                        return method.invoke(f.segments, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        try {
            Transactions.inTransaction(f.unit, em -> new Audiences(failing, f.contacts, 2)
                    .freeze(em, em.find(CampaignEntity.class, campaign), 1));
            fail("the second page failed");
        } catch (IllegalStateException e) {
            assertEquals("the database went away", e.getMessage());
        }

        assertEquals(2, pages.get());
        assertEquals("the first page's recipients, flushed, were rolled back", List.of(), f.recipients(campaign));
    }
}
