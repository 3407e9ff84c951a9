package org.rapport.sales.facts;

/**
 * A lead's score as the grading and routing rules see it, once the scoring rules have given it:
 * {@code LeadScore( score >= 60 )}.
 */
public final class LeadScore {

    private final long leadId;
    private final int score;
    private final String source;

    public LeadScore(long leadId, int score, String source) {
        this.leadId = leadId;
        this.score = score;
        this.source = source;
    }

    public long getLeadId() {
        return leadId;
    }

    /** {@code lead:<id>}, the subject of every decision about the lead. */
    public String getSubject() {
        return "lead:" + leadId;
    }

    /** The sum of the points the scoring rules gave (never below 0). */
    public int getScore() {
        return score;
    }

    public String getSource() {
        return source;
    }

    @Override
    public String toString() {
        return "LeadScore[lead " + leadId + ", score " + score + ", source " + source + "]";
    }
}
