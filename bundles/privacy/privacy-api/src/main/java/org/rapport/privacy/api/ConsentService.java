package org.rapport.privacy.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Records consent and tells its history, and the actions the consent gate blocked. Enforcement is
 * the gate's ({@code org.rapport.privacy.spi.ConsentGate}), which the same component provides.
 */
@ProviderType
public interface ConsentService {

    /**
     * Records a grant or withdrawal, as the newest record of its purpose and channel.
     *
     * @param actor who records it
     * @throws IllegalArgumentException if the contact does not exist, the purpose is unknown, or a
     *         field is invalid; nothing is recorded then
     */
    Consent record(ConsentChange change, String actor);

    /** Every record about a contact, newest first. */
    List<Consent> history(long contactId);

    /** The newest record of each purpose and channel the contact has records for, by purpose. */
    List<Consent> current(long contactId);

    /**
     * For each purpose and channel with records, how many contacts' newest record grants,
     * withdraws or has expired; by purpose, the record for every channel first.
     */
    List<ConsentRate> rates();

    /** The purposes consent is recorded for, as configured. */
    List<String> purposes();

    /** The contact's actions the consent gate blocked, newest first. */
    List<ConsentBlock> blocks(long contactId, int limit);
}
