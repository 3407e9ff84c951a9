package org.rapport.contacts.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bundle's part in merging two contacts, registered as a whiteboard service: it moves or
 * combines what it keeps about the merged contact onto the survivor, and puts it back on undo.
 * Contacts moves the contact's own record, tags, properties and timeline itself; consent,
 * loyalty and plugins take part through this interface.
 *
 * <p>Each participant works in its own transaction. If one fails, the merge is undone with the
 * participants that had already merged, and refused.
 */
@ConsumerType
public interface MergeParticipant {

    /** A short name for previews and merge records, such as {@code consent}. */
    String name();

    /** What merging would do here, in a sentence, for the preview; null when nothing. */
    String preview(long survivorId, long mergedId);

    /**
     * Moves or combines this bundle's data of {@code mergedId} onto {@code survivorId}.
     *
     * @param actor who merges
     * @return what {@link #undo} needs to put it back (kept with the merge record), at most 4,000
     *         characters; and a sentence of what was done is logged with the merge
     */
    Outcome merge(long mergeId, long survivorId, long mergedId, String actor);

    /**
     * Puts back what {@link #merge} did, as far as later changes allow: what changed on the
     * survivor since the merge stays.
     *
     * @param undoData what merge returned
     */
    void undo(long mergeId, long survivorId, long mergedId, String undoData, String actor);

    /**
     * What a merge did.
     *
     * @param summary a sentence for people, such as "2 consent record(s) combined, the stricter choice kept"
     * @param undoData what {@link #undo} needs
     */
    record Outcome(String summary, String undoData) {
    }
}
