package org.rapport.privacy.spi;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered, as an OSGi service, by every bundle or plugin that keeps personal data about
 * contacts, so that erasure and export reach all of it. A plugin says it keeps personal data with
 * the attribute {@code personal-data} of its capability {@code org.rapport.plugin}: one that
 * declares it and registers no participant is named in every erasure report, and one that does
 * not declare it has its participant refused.
 */
@ConsumerType
public interface ErasureParticipant {

    /**
     * The manifest header by which a bundle once said it keeps personal data. No longer read:
     * a plugin declares {@code personal-data} in its capability {@code org.rapport.plugin}.
     *
     * @deprecated no longer read by erasure; to be removed at the next major version of this package
     */
    @Deprecated
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
     * What {@code requester} may read of what this participant holds about the contact: everything
     * ({@link #export(long)}) for an administrator's export ({@link ExportRequester#complete()}); for
     * anyone else, only what the participant shows them elsewhere. A participant that keeps some of
     * its data to some people overrides it; as shipped it answers {@link #export(long)}.
     *
     * @since 1.3
     */
    default Map<String, Object> export(long contactId, ExportRequester requester) {
        return export(contactId);
    }

    /**
     * Removes or anonymises every personal value this participant holds about the contact, in its
     * own transaction. Running it again finds nothing left to do.
     *
     * @return what was removed (and what was kept and why), in a sentence without personal values
     */
    String erase(long contactId);
}
