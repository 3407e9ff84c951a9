package org.rapport.communication.impl;

import java.util.List;

import org.rapport.communication.api.InboundAttachment;
import org.rapport.communication.api.InboundKind;
import org.rapport.contacts.api.Channel;

/**
 * A message as it came in, before it is stored: from the mailbox ({@link MailParser}) or an inbound
 * webhook ({@link InboundGateway}).
 *
 * @param channel where it came in ({@code email}, a webhook's name)
 * @param medium the contact channel it came by, for the timeline and consent
 * @param from the sender's address on that channel
 * @param externalId the sender's id for it, unique per channel
 * @param bounces what a bounce reports, one per recipient; empty for other kinds
 * @param unauthenticated why the sender is not taken as who it says ({@link SenderCheck}), or null
 * @param attachments a mail's files, handed to listeners and not stored
 * @param authenticated whether the sender is vouched for (an aligned pass, a signed gateway)
 */
record Arrival(String channel, Channel medium, String from, String subject, String text, String externalId,
        String inReplyTo, List<String> references, InboundKind kind, List<BounceReport> bounces, String unauthenticated,
        List<InboundAttachment> attachments, boolean authenticated) {

    Arrival {
        references = references == null ? List.of() : List.copyOf(references);
        bounces = bounces == null ? List.of() : List.copyOf(bounces);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A message a signed inbound webhook delivered: its gateway vouches for the sender. */
    static Arrival signed(String channel, Channel medium, String from, String subject, String text, String externalId,
            String inReplyTo, InboundKind kind, List<BounceReport> bounces) {
        return new Arrival(channel, medium, from, subject, text, externalId, inReplyTo, null, kind, bounces, null, null,
                true);
    }

    /**
     * What a bounce reports about one recipient.
     *
     * @param status the enhanced status code ({@code 5.1.1}), or null when the report had none
     * @param diagnostic the server's words, or null
     * @param originalMessageId the bounced message's {@code Message-ID}, or null
     * @param rapportMessageId Rapport's id of the bounced message (its {@code X-Rapport-Message}), or null
     */
    record BounceReport(String address, String status, String diagnostic, String originalMessageId,
            Long rapportMessageId) {

        /** A permanent failure: a status of class 5. */
        boolean hard() {
            return status != null && status.startsWith("5.");
        }

        /** A temporary failure: a status of class 4. */
        boolean soft() {
            return status != null && status.startsWith("4.");
        }
    }
}
