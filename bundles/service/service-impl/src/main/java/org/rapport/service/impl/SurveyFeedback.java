package org.rapport.service.impl;

import java.util.Map;
import java.util.function.Predicate;

import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.retention.api.FeedbackKind;
import org.rapport.retention.api.NewFeedback;
import org.rapport.retention.api.RetentionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a survey's answer goes besides the case: with retention installed, into its feedback (as
 * {@code POST /api/v1/feedback} records it: a CSAT answer stored with the comment, on the contact's
 * timeline as {@code feedback}, in the customer's profile and figures); without it, on the timeline
 * as a {@code feedback} interaction of kind {@code csat}, which retention reads when it comes.
 * Feedback and the timeline are read by everyone who may read the contact, so the comment about a
 * case of a queue kept by {@code queueAccess} stays in the case: they get the score only.
 */
final class SurveyFeedback {

    static final String SOURCE = "service";

    private static final Logger LOG = LoggerFactory.getLogger(SurveyFeedback.class);

    private final InteractionService interactions;
    private final Predicate<String> restricted;
    private volatile RetentionService retention;

    SurveyFeedback(InteractionService interactions, Predicate<String> restricted) {
        this.interactions = interactions;
        this.restricted = restricted;
    }

    void bind(RetentionService service) {
        retention = service;
    }

    void unbind(RetentionService service) {
        if (retention == service) {
            retention = null;
        }
    }

    /** Survey {@code s}, just answered, of a case of {@code channel} in {@code queue}. */
    void record(SurveyEntity s, String channel, String queue) {
        if (s.contactId == null) {
            return;
        }
        String comment = queue != null && restricted.test(queue) ? null : s.comment;
        RetentionService feedback = retention;
        try {
            if (feedback != null) {
                feedback.recordFeedback(new NewFeedback(s.contactId, FeedbackKind.CSAT, s.score, comment, channel,
                        s.answeredAt), SOURCE);
                return;
            }
            String summary = "CSAT " + s.score + " on case " + s.caseId + (comment == null ? ""
                    : ": " + (comment.length() > 200 ? comment.substring(0, 200) + "..." : comment));
            interactions.record(s.contactId, new NewInteraction(channel, "inbound", "feedback", s.answeredAt, summary,
                    Map.of("kind", "csat", "score", Integer.toString(s.score), "case", Long.toString(s.caseId)),
                    "service-survey:" + s.id), SOURCE);
        } catch (RuntimeException e) {
            // The case keeps the answer; the timeline and the feedback are other bundles' stores.
            LOG.warn("The answer to survey {} of case {} is not in contact {}'s feedback: {}", s.id, s.caseId,
                    s.contactId, e.getMessage());
        }
    }
}
