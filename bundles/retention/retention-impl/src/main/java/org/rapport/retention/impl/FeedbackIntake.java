package org.rapport.retention.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.persistence.EntityManagerFactory;

import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;
import org.rapport.retention.api.Feedback;
import org.rapport.retention.api.FeedbackKind;
import org.rapport.retention.api.NewFeedback;

/**
 * Takes in a customer's feedback (an NPS or CSAT answer, a comment): checks it, stores it, folds
 * it into the profile and puts it on the timeline, marked so that the timeline's event is not
 * folded in twice.
 */
final class FeedbackIntake {

    private final EntityManagerFactory emf;
    private final ContactService contacts;
    private final InteractionService interactions;
    private final AuditTrail audit;
    private final Clock clock;

    FeedbackIntake(EntityManagerFactory emf, ContactService contacts, InteractionService interactions, AuditTrail audit,
            Clock clock) {
        this.emf = emf;
        this.contacts = contacts;
        this.interactions = interactions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Stores feedback, folds it into the profile and puts it on the timeline; the caller evaluates the customer. */
    Feedback record(NewFeedback f, String source) {
        if (f == null) {
            throw new IllegalArgumentException("feedback is required");
        }
        if (contacts.find(f.contactId()).isEmpty()) {
            throw new IllegalArgumentException("contactId " + f.contactId() + " is not a contact");
        }
        if (f.kind() == null) {
            throw new IllegalArgumentException("kind is required: nps, csat or comment");
        }
        String comment = Columns.optional("comment", f.comment(), 4000);
        if (f.kind() == FeedbackKind.COMMENT) {
            if (comment == null) {
                throw new IllegalArgumentException("comment is required for a comment");
            }
            if (f.score() != null) {
                throw new IllegalArgumentException("score is for nps and csat answers, not a comment");
            }
        } else if (f.score() == null || f.score() < f.kind().lowest() || f.score() > f.kind().highest()) {
            throw new IllegalArgumentException("score of " + f.kind().name().toLowerCase(Locale.ROOT) + " is from "
                    + f.kind().lowest() + " to " + f.kind().highest() + (f.score() == null ? "" : ", not " + f.score()));
        }
        Channel channel;
        try {
            channel = f.channel() == null || f.channel().isBlank() ? Channel.WEB : Channel.parse(f.channel());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel " + e.getMessage());
        }
        Instant now = clock.instant();
        Instant at = f.occurredAt() == null ? now : f.occurredAt();
        if (at.isAfter(now.plus(Duration.ofMinutes(5)))) {
            throw new IllegalArgumentException("occurredAt " + at + " is in the future");
        }
        String kind = f.kind().name().toLowerCase(Locale.ROOT);
        Map<String, String> payload = new HashMap<>();
        payload.put("kind", kind);
        if (f.score() != null) {
            payload.put("score", Integer.toString(f.score()));
        }
        Feedback stored = Transactions.retrying(emf, 5, em -> {
            FeedbackEntity entity = new FeedbackEntity(f.contactId(), f.kind(), f.score(), comment, channel.label(), at,
                    Columns.clip(source, 120));
            em.persist(entity);
            Profiles.record(em, new Touch(f.contactId(), "inbound", "feedback", at, payload), now);
            em.flush();
            return entity.toFeedback();
        });
        payload.put(RetentionServiceImpl.FEEDBACK_ID, Long.toString(stored.id()));
        String summary = (f.score() == null ? "Comment" : kind.toUpperCase(Locale.ROOT) + " " + f.score())
                + (comment == null ? "" : ": " + (comment.length() > 200 ? comment.substring(0, 200) + "..." : comment));
        interactions.record(f.contactId(), new NewInteraction(channel.label(), "inbound", "feedback", at, summary, payload),
                source);
        audit.record(source, "feedback.record", "contact " + f.contactId(), f.contactId(), null, summary);
        return stored;
    }
}
