package org.rapport.contacts.api;

import java.util.List;
import java.util.Map;

/**
 * What a merge would give.
 *
 * @param fields every field where the two contacts differ, with the value each has and the one chosen
 * @param result the survivor as it would be after the merge
 * @param interactions how many interactions would move to the survivor
 * @param participants what each {@link MergeParticipant} would do, by name
 */
public record MergePreview(Contact survivor, Contact merged, List<Field> fields, Contact result, long interactions,
        Map<String, String> participants) {

    public MergePreview {
        fields = List.copyOf(fields);
        participants = Map.copyOf(participants);
    }

    /** A field where the two contacts differ. */
    public record Field(String name, Object survivorValue, Object mergedValue, ContactMerger.MergeChoice chosen) {
    }
}
