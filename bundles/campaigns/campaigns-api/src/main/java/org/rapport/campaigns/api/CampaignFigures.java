package org.rapport.campaigns.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What became of a campaign's messages, in all and per variant.
 *
 * @param total the campaign as a whole
 * @param variants one line per template variant, in the campaign's order
 * @param occurrences for a recurring campaign, one line per occurrence, the first first; empty otherwise
 */
public record CampaignFigures(long campaignId, String name, CampaignStatus status, Line total, List<Line> variants,
        List<Occurrence> occurrences) {

    /** The figures of a campaign sent once. */
    public CampaignFigures(long campaignId, String name, CampaignStatus status, Line total, List<Line> variants) {
        this(campaignId, name, status, total, variants, List.of());
    }

    /** What became of the messages of one occurrence of a recurring campaign (numbered from 1). */
    public record Occurrence(int number, Line total) {
    }

    /**
     * @param variant the template of the variant, or null for the whole campaign
     * @param targeted recipients frozen at launch
     * @param pending not queued yet (or queued and not settled)
     * @param heldBack held back by the consent gate, a frequency cap of the {@code campaigns} rules (by
     *        the rule's reason) or for want of an address, by reason
     * @param sent accepted by the channel (those that bounced included)
     * @param bounced of those sent, the ones that bounced for good: the address is marked undeliverable
     * @param failed failed for good
     * @param opened recipients who consented to tracking and opened the message (a tracked click counts)
     * @param clicked recipients who consented to tracking and followed a tracked link
     * @param unsubscribed recipients who followed the unsubscribe link
     * @param converted recipients who bought within the conversion window after their message was sent
     * @param revenue what those purchases came to
     * @param offered recipients whose message showed them their best offer (best-offer variants)
     * @param offersAccepted of those, the ones who accepted the offer shown (each also converted)
     */
    public record Line(String variant, long targeted, long pending, Map<String, Long> heldBack, long sent, long bounced,
            long failed, long opened, long clicked, long unsubscribed, long converted, BigDecimal revenue, long offered,
            long offersAccepted) {

        /** A line of a campaign without offers. */
        public Line(String variant, long targeted, long pending, Map<String, Long> heldBack, long sent, long bounced,
                long failed, long opened, long clicked, long unsubscribed, long converted, BigDecimal revenue) {
            this(variant, targeted, pending, heldBack, sent, bounced, failed, opened, clicked, unsubscribed, converted,
                    revenue, 0, 0);
        }

        /** Recipients held back, whatever the reason. */
        public long heldBackTotal() {
            return heldBack.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
