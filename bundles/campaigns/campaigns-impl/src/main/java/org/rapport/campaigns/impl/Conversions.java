package org.rapport.campaigns.impl;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.persistence.PagedQueue;
import org.rapport.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversions: a purchase loyalty booked (announced on the buyer's timeline as an interaction of type
 * {@code purchase}, the event {@code purchase.booked} of the events capability) converts every
 * campaign message sent to the buyer within {@code conversionDays} before it: the recipient is
 * converted (at its first such purchase) and the purchase's amount is added to its revenue. An offer
 * the customer accepted (an interaction of type {@code offer-accepted}, from the offers capability)
 * converts the same way, adding no revenue, and when a campaign message in the window showed that
 * offer (a best-offer variant), the offer shown counts as accepted. What Event Admin hands in is
 * counted a page at a time on a thread of its own ({@link PagedQueue}), one transaction a page;
 * what waits when the process dies is not counted, as it was not in Event Admin's own queue.
 */
@Component(service = EventHandler.class, configurationPid = CampaignsConfig.PID,
        property = EventConstants.EVENT_TOPIC + "=" + InteractionEvents.RECORDED)
public class Conversions implements EventHandler {

    /** The interactions that convert: a purchase, and an offer accepted (without revenue of its own). */
    private static final Logger LOG = LoggerFactory.getLogger(Conversions.class);
    static final java.util.Set<String> CONVERTING = java.util.Set.of("purchase", "offer-accepted");

    /** How many converting interactions wait at most, and how many are counted in one transaction. */
    private static final int WAITING = 10_000;
    private static final int PAGE = 200;

    private final EntityManagerFactory emf;
    private volatile Duration window;
    /** The interactions from Event Admin, counted a page at a time; null where they are counted at once (tests). */
    private PagedQueue<Converting> pages;

    /** A purchase or an accepted offer on a contact's timeline; {@code offer} the code accepted, or null. */
    record Converting(long contactId, Instant at, BigDecimal amount, String offer) {
    }

    @Activate
    public Conversions(@Reference(target = "(osgi.unit.name=rapport-campaigns)") EntityManagerFactory emf,
            CampaignsConfig config) {
        this(emf, Duration.ofDays(Math.max(1, config.conversionDays())));
        this.pages = new PagedQueue<>("campaigns-conversions", WAITING, PAGE, this::convertAll);
    }

    /** Counts what is still queued before the component goes. */
    @Deactivate
    void deactivate() {
        pages.close();
    }

    /** A new window while running, for the purchases recorded from now on. */
    @Modified
    void modified(CampaignsConfig config) {
        this.window = Duration.ofDays(Math.max(1, config.conversionDays()));
    }

    Conversions(EntityManagerFactory emf, Duration window) {
        this.emf = emf;
        this.window = window;
    }

    @Override
    public void handleEvent(Event event) {
        if (!CONVERTING.contains(String.valueOf(event.getProperty(InteractionEvents.TYPE)))) {
            return;
        }
        Long contactId = number(event.getProperty(InteractionEvents.CONTACT_ID));
        Object occurred = event.getProperty(InteractionEvents.OCCURRED_AT);
        Object amount = event.getProperty(InteractionEvents.PAYLOAD_PREFIX + "amount");
        if (contactId == null || occurred == null) {
            return;
        }
        Instant at;
        try {
            at = Instant.parse(occurred.toString());
        } catch (DateTimeParseException unreadable) {
            return;
        }
        Object offer = event.getProperty(InteractionEvents.PAYLOAD_PREFIX + "offer");
        Converting converting = new Converting(contactId, at, amount(amount),
                "offer-accepted".equals(event.getProperty(InteractionEvents.TYPE)) && offer != null ? offer.toString() : null);
        if (pages != null) {
            pages.offer(converting);
        } else {
            convertAll(List.of(converting));
        }
    }

    /**
     * Counts converting interactions in one transaction, in the order given; when the page cannot
     * be counted at once (nothing of it is written then), each is counted alone.
     */
    void convertAll(List<Converting> page) {
        if (page.size() > 1) {
            try {
                Transactions.retrying(emf, 3, em -> {
                    page.forEach(c -> convert(em, c));
                    return null;
                });
                return;
            } catch (RuntimeException e) {
                LOG.debug("A page of {} conversions could not be counted at once ({}); counting them one by one",
                        page.size(), e.toString());
            }
        }
        for (Converting c : page) {
            try {
                Transactions.retrying(emf, 3, em -> {
                    convert(em, c);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("The conversion of contact {} at {} was not counted: {}", c.contactId(), c.at(), e.toString());
            }
        }
    }

    private void convert(EntityManager em, Converting c) {
        purchased(em, c.contactId(), c.at(), c.amount());
        if (c.offer() != null) {
            offerAccepted(em, c.contactId(), c.offer(), c.at());
        }
        // Written before the next one's queries and bulk update, and let go of.
        em.flush();
        em.clear();
    }

    /** Counts the offer as accepted for the contact's recipients whose message showed it within the window. */
    private void offerAccepted(EntityManager em, long contactId, String code, Instant at) {
        em.createQuery("update RecipientEntity r set r.offerAcceptedAt = :at where "
                + "r.contactId = :contact and r.offerCode = :code and r.offerAcceptedAt is null and r.queuedAt <= :at "
                + "and r.queuedAt >= :since").setParameter("at", at).setParameter("contact", contactId)
                .setParameter("code", code).setParameter("since", at.minus(window)).executeUpdate();
    }

    /** A purchase's amount; one that does not read as a number converts with no revenue. */
    private static BigDecimal amount(Object amount) {
        try {
            return amount == null ? BigDecimal.ZERO : new BigDecimal(amount.toString().strip());
        } catch (NumberFormatException unreadable) {
            return BigDecimal.ZERO;
        }
    }

    /** Converts the contact's campaign messages sent within the window before {@code at}. */
    private void purchased(EntityManager em, long contactId, Instant at, BigDecimal amount) {
        List<RecipientEntity> converted = em.createQuery("select r from RecipientEntity r where r.contactId = :contact "
                + "and r.status = :sent and r.queuedAt <= :at and r.queuedAt >= :since", RecipientEntity.class)
                .setParameter("contact", contactId).setParameter("sent", RecipientEntity.State.SENT)
                .setParameter("at", at).setParameter("since", at.minus(window)).getResultList();
        for (RecipientEntity r : converted) {
            r.convertedAt = r.convertedAt == null ? at : r.convertedAt;
            r.revenue = (r.revenue == null ? BigDecimal.ZERO : r.revenue).add(amount);
        }
    }

    private static Long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return value == null ? null : Long.valueOf(value.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
