package org.rapport.privacy.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything held about a contact, by participant, for the contact to take away.
 *
 * @param data each participant's export under its name
 * @param unreached bundles that declare personal data but registered no participant
 */
public record ContactExport(long contactId, Instant exportedAt, Map<String, Map<String, Object>> data,
        List<String> unreached) {
}
