package org.rapport.segments.api;

import java.util.Locale;

/**
 * What a segment is for, which decides whether building it is profiling the consent gate is
 * asked about.
 */
public enum SegmentKind {
    /**
     * For marketing (campaigns, offers): a contact the consent gate does not let segments profile
     * (one who objected to profiling) is left out. The kind of a segment unless said otherwise.
     */
    MARKETING,
    /**
     * For serving customers (a VIP service queue, a support tier): built on the contract or the
     * business's legitimate interest, without asking the gate.
     */
    SERVICE;

    /**
     * The kind named by {@code text}, in any case.
     *
     * @throws IllegalArgumentException naming the text and the kinds there are
     */
    public static SegmentKind parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not a kind of segment; marketing or service");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
