package org.rapport.retention.impl;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.SendRequest;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.retention.facts.RetentionDecisions;
import org.rapport.rules.api.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the actions decided for a newly opened episode, once it is committed: a win-back offer
 * of points, a message, and each action (tasks included) on the customer's timeline.
 */
final class EpisodeActions {

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeActions.class);

    /** An action to take once the episode it belongs to is committed. */
    record Action(EpisodeEntity episode, Decision decision) {
    }

    private final LoyaltyService loyalty;
    private final MessageService messages;
    private final InteractionService interactions;
    private final Clock clock;

    EpisodeActions(LoyaltyService loyalty, MessageService messages, InteractionService interactions, Clock clock) {
        this.loyalty = loyalty;
        this.messages = messages;
        this.interactions = interactions;
        this.clock = clock;
    }

    /**
     * Takes an offer or message decided for a newly opened episode (each keyed by the episode, so
     * it happens once) and puts every action, tasks included, on the customer's timeline.
     */
    void act(Action action, String requester) {
        EpisodeEntity e = action.episode();
        Decision d = action.decision();
        String key = "retention-episode-" + e.id;
        try {
            if (d.type().equals(RetentionDecisions.OFFER)) {
                long points = number(d.attribute(RetentionDecisions.POINTS), 0);
                if (points > 0) {
                    loyalty.adjust(e.contactId, points, "win-back offer (" + e.trigger + "): " + d.rule(), key + "-offer",
                            requester);
                }
            } else if (d.type().equals(RetentionDecisions.MESSAGE)) {
                String template = d.attribute(RetentionDecisions.TEMPLATE);
                Map<String, String> variables = new HashMap<>();
                variables.put("trigger", e.trigger);
                variables.put("risk", e.risk);
                messages.send(new SendRequest(e.contactId, orElse(d.attribute(RetentionDecisions.CHANNEL), "email"), template,
                        orElse(d.attribute(RetentionDecisions.PURPOSE), "marketing"), variables, key + "-" + template),
                        requester);
            }
            onTimeline(e, d);
        } catch (RuntimeException failure) {
            LOG.warn("Retention episode {} of contact {}: {} by \"{}\" could not be taken: {}", e.id, e.contactId, d.type(),
                    d.rule(), failure.getMessage());
        }
    }

    private void onTimeline(EpisodeEntity e, Decision d) {
        String what = switch (d.type()) {
            case RetentionDecisions.TASK -> "task for " + orElse(d.attribute(RetentionDecisions.QUEUE), "retention") + ": "
                    + orElse(d.attribute(RetentionDecisions.TITLE), "contact the customer");
            case RetentionDecisions.OFFER -> "win-back offer of " + d.attribute(RetentionDecisions.POINTS) + " points";
            default -> "message '" + d.attribute(RetentionDecisions.TEMPLATE) + "'";
        };
        Map<String, String> payload = Map.of("episode", Long.toString(e.id), "trigger", e.trigger, "rule", d.rule());
        interactions.record(e.contactId, new NewInteraction(Channel.OTHER.label(), "outbound", "retention-action",
                clock.instant(), what + " (" + e.trigger + ", " + e.risk + " risk)", payload), "retention");
    }

    /** A decision's attribute, stripped, or {@code fallback} where the rule left it out. */
    static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** A decision's whole-number attribute, or {@code fallback} where it is missing or not a number. */
    static int number(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
