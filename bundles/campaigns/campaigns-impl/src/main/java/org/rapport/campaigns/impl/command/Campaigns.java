package org.rapport.campaigns.impl.command;

import java.util.Map;
import java.util.stream.Collectors;

import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignFigures;
import org.rapport.campaigns.api.CampaignService;

/** What the campaigns' commands share: a campaign by its name, its state, and a line of figures. */
final class Campaigns {

    private Campaigns() {
    }

    static Campaign named(CampaignService campaigns, String name) {
        return campaigns.find(name).orElseThrow(() -> new IllegalArgumentException("there is no campaign '" + name + "'"));
    }

    /** What a change of state leaves the campaign as: {@code Campaign spring is paused (120 recipients)}. */
    static String state(Campaign c) {
        return "Campaign " + c.name() + " is " + c.status().label()
                + (c.recipients() > 0 ? " (" + c.recipients() + " recipients)" : "");
    }

    static String line(CampaignFigures.Line l) {
        return line(l.variant() == null ? "(all)" : l.variant(), l);
    }

    /** A line of figures under {@code label}: a variant, {@code (all)}, an occurrence. */
    static String line(String label, CampaignFigures.Line l) {
        return String.format("%-20s targeted %d, pending %d, sent %d (bounced %d), failed %d, held back %d%s, opened %d, clicked %d, "
                + "unsubscribed %d, converted %d, revenue %s", label, l.targeted(),
                l.pending(), l.sent(), l.bounced(), l.failed(), l.heldBackTotal(), reasons(l.heldBack()), l.opened(), l.clicked(),
                l.unsubscribed(), l.converted(), l.revenue().toPlainString())
                + (l.offered() > 0 ? String.format(", offered %d (accepted %d)", l.offered(), l.offersAccepted()) : "");
    }

    static String reasons(Map<String, Long> byReason) {
        return byReason.isEmpty() ? "" : byReason.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; ", " (", ")"));
    }
}
