package org.rapport.retention.api;

/** What a customer's feedback is. */
public enum FeedbackKind {
    /** Net Promoter Score: how likely they would recommend, 0 to 10. */
    NPS(0, 10),
    /** Customer satisfaction, 1 to 5. */
    CSAT(1, 5),
    /** Free text, no score. */
    COMMENT(0, 0);

    private final int lowest;
    private final int highest;

    FeedbackKind(int lowest, int highest) {
        this.lowest = lowest;
        this.highest = highest;
    }

    public int lowest() {
        return lowest;
    }

    public int highest() {
        return highest;
    }
}
