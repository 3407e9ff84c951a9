package org.rapport.communication.api;

import java.time.Instant;

/**
 * What bounces taught Rapport about one address.
 *
 * @param address the address, as mail servers reported it (lower case)
 * @param contactId the contact whose address it was when a bounce was recorded, or null
 * @param undeliverable whether a hard bounce marked it: nothing is sent to it until the mark is cleared
 * @param reason why it was marked (the status and the server's diagnostic), or null
 * @param markedAt when it was marked, or null
 * @param hardBounces how many permanent failures were reported for it
 * @param softBounces how many temporary failures (a full mailbox, a server down) were reported for it
 * @param lastBounceAt when the last bounce of either kind was reported
 */
public record AddressState(String address, Long contactId, boolean undeliverable, String reason, Instant markedAt,
        int hardBounces, int softBounces, Instant lastBounceAt) {
}
