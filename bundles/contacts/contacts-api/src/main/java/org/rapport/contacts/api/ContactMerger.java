package org.rapport.contacts.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Merges two records of the same person, with a preview and a way back.
 *
 * <p>The survivor keeps its id and email address. For each field (first and last name, phone,
 * language, preferred channel, address, owner, account, each custom property) the survivor's
 * value is kept unless it is empty or a choice takes the merged contact's; tags are combined
 * (at most 20). The merged contact's timeline moves to the survivor. The merged contact stays
 * stored, hidden from lists and searches, pointing at the survivor
 * ({@link #survivorOf}); interactions recorded for it later land on the survivor. Consents are
 * combined by the privacy bundle, the stricter choice winning; other bundles take part as
 * {@link MergeParticipant}s.
 *
 * <p>Undo restores both records and their timelines; a field changed on the survivor since
 * the merge keeps its new value, and interactions recorded on the survivor since stay there.
 */
@ProviderType
public interface ContactMerger {

    /** The fields a choice can name, besides {@code properties.<name>}. */
    List<String> FIELDS = List.of("firstName", "lastName", "phone", "language", "preferredChannel", "address", "owner",
            "accountId");

    /**
     * What merging {@code mergedId} into {@code survivorId} would give.
     *
     * @param choices field to {@link MergeChoice}; fields left out take the default
     * @throws ContactValidationException for an unknown or merged contact, the same contact
     *         twice, or a choice naming an unknown field
     */
    MergePreview preview(long survivorId, long mergedId, Map<String, MergeChoice> choices);

    /**
     * Merges, as the preview with the same arguments shows.
     *
     * @throws ContactValidationException as for {@link #preview}
     */
    Merge merge(long survivorId, long mergedId, Map<String, MergeChoice> choices, String actor);

    /**
     * Undoes a merge.
     *
     * @throws ContactValidationException for an unknown merge, one undone already, or one
     *         whose survivor was merged into another contact since (undo that first; a conflict)
     */
    Merge undo(long mergeId, String actor);

    Optional<Merge> find(long mergeId);

    /** Merges newest first; with a contact id, those it took part in. */
    List<Merge> list(Long contactId, int offset, int limit);

    /** How many merges {@link #list} pages through. */
    long count(Long contactId);

    /** The contact a merged contact now lives on, following merges of merges; the id itself otherwise. */
    long survivorOf(long contactId);

    /** Which record's value a merged field takes. */
    enum MergeChoice {
        SURVIVOR, MERGED
    }
}
