package org.rapport.privacy.spi;

/**
 * The gate's answer.
 *
 * @param allowed whether the action may go ahead now
 * @param reason why, in a sentence for people and logs
 * @param consentId the consent record the answer rests on, or null when there is none
 */
public record ConsentVerdict(boolean allowed, String reason, Long consentId) {
}
