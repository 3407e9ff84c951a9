package org.rapport.privacy.spi;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered, as an OSGi service, by every bundle or plugin that keeps personal data about
 * contacts, so that erasure and export reach all of it. A bundle that declares the manifest
 * header {@value #HEADER} and registers no participant is named in every erasure report.
 */
@ConsumerType
public interface ErasureParticipant {

    /** The manifest header by which a bundle says it keeps personal data, with a description. */
    String HEADER = "Rapport-Personal-Data";

    /** A short name for reports: {@code contacts}, {@code loyalty}, a plugin's name. */
    String name();

    /** Participants run in ascending order; the one that owns the contact record itself goes last. */
    default int order() {
        return 0;
    }

    /**
     * Everything this participant holds about the contact, as JSON-ready values (maps, lists,
     * strings, numbers, booleans).
     */
    Map<String, Object> export(long contactId);

    /**
     * Removes or anonymises every personal value this participant holds about the contact, in its
     * own transaction. Running it again finds nothing left to do.
     *
     * @return what was removed (and what was kept and why), in a sentence without personal values
     */
    String erase(long contactId);
}
