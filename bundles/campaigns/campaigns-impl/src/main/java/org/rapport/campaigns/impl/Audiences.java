package org.rapport.campaigns.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.persistence.EntityManager;

import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.Variant;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.segments.api.SegmentService;

/**
 * Whom a campaign reaches: a segment's members, read a page at a time after the last contact id read
 * (keyset), or the contacts a one-off condition selects, as a marketing segment would hold them (the
 * consent gate asked for profiling). Frozen into recipients at launch (or at an occurrence's start),
 * and read, recording nothing, for a preview.
 */
final class Audiences {

    private final SegmentService segments;
    private final ContactService contacts;
    private final int page;

    /** With pages of {@code page} contacts (tests change a segment's membership between small pages). */
    Audiences(SegmentService segments, ContactService contacts, int page) {
        this.segments = segments;
        this.contacts = contacts;
        this.page = page;
    }

    /**
     * Freezes the audience into the campaign's recipients of {@code occurrence}, each with its variant;
     * answers how many. Only the members' ids are read (a page in one query), never the contacts.
     * A segment is read after the last id read, so a contact joining or leaving meanwhile neither
     * repeats anyone (which the table's unique key would refuse, rolling the whole freeze back) nor
     * skips anyone who stays; an id not above the last one read is skipped all the same. A
     * condition's matches are selected once, the gate's blocks recorded for the campaign. The
     * recipients are written a page at a time in the caller's transaction (the persistence unit
     * writes in JDBC batches), then let go, so the persistence context does not grow with the
     * audience and each flush compares only the page it writes.
     */
    long freeze(EntityManager em, CampaignEntity c, int occurrence) {
        var variants = Variants.parse(c.variants, c.offers);
        if (c.condition != null) {
            List<Long> ids = segments.select(c.condition, "campaign " + c.name);
            for (int from = 0; from < ids.size(); from += page) {
                write(em, c, variants, ids.subList(from, Math.min(ids.size(), from + page)), occurrence);
            }
            return ids.size();
        }
        long count = 0;
        long after = 0;
        while (true) {
            List<Long> members = segments.memberIds(c.segment, after, page);
            List<Long> ascending = new ArrayList<>(members.size());
            for (long id : members) {
                if (id > after) {
                    after = id;
                    ascending.add(id);
                }
            }
            write(em, c, variants, ascending, occurrence);
            count += ascending.size();
            if (members.size() < page || ascending.isEmpty()) {
                return count;
            }
        }
    }

    /** Writes one page of recipients and lets them go from the persistence context. */
    private static void write(EntityManager em, CampaignEntity c, List<Variant> variants, List<Long> contactIds,
            int occurrence) {
        List<RecipientEntity> written = new ArrayList<>(contactIds.size());
        for (long contactId : contactIds) {
            RecipientEntity r = new RecipientEntity(c.id, contactId, Variants.choose(variants, c.id, contactId));
            r.occurrence = occurrence;
            em.persist(r);
            written.add(r);
        }
        em.flush();
        written.forEach(em::detach);
    }

    /**
     * The audience as it is now, a page of contacts at a time in id order, recording nothing: a
     * condition's matches as the gate would let them be selected.
     */
    void preview(Campaign c, Consumer<List<Contact>> each) {
        if (c.condition() != null) {
            List<Long> ids = segments.select(c.condition(), null);
            for (int from = 0; from < ids.size(); from += page) {
                each.accept(contacts.find(ids.subList(from, Math.min(ids.size(), from + page))));
            }
            return;
        }
        for (long after = 0;;) {
            List<Contact> members = segments.membersAfter(c.segment(), after, page);
            if (!members.isEmpty()) {
                each.accept(members);
                after = members.get(members.size() - 1).id();
            }
            if (members.size() < page) {
                return;
            }
        }
    }
}
