package org.rapport.campaigns.impl;

/**
 * Why a message was held back, as the figures count it: the consent gate's reason without its date
 * and source ({@code marketing by email withdrawn on 2026-11-22 09:14 UTC (unsubscribe link)}
 * counts as {@code marketing by email withdrawn}), so that one reason gathers many contacts.
 */
final class Reasons {

    /** A contact the channel has no address for. */
    static final String NO_ADDRESS = "no address on the channel";

    /** The preview's reason when the caps cannot be asked: sending waits for them. */
    static final String NO_RULES = "waiting: the campaigns rules have no active release";

    /** The preview's reason when best offers cannot be asked: sending waits for them. */
    static final String NO_OFFERS = "waiting: the offers capability or its rules are not running";

    private Reasons() {
    }

    static String of(String reason) {
        if (reason == null || reason.isBlank()) {
            return "held back";
        }
        String general = reason.replaceAll(" on \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC.*$", "")
                .replaceAll(" \\([^()]*\\)$", "").strip();
        return general.length() > 300 ? general.substring(0, 300) : general;
    }
}
