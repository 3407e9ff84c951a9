package org.rapport.sales.facts;

/**
 * An open opportunity as the stalled-deal rules see it: its stage and how many whole days have
 * passed since anything happened to it (a stage change, an edit, an interaction on its contact's
 * timeline): {@code OpportunityActivity( idleDays >= 30 )}.
 */
public final class OpportunityActivity {

    private final long opportunityId;
    private final String stage;
    private final int idleDays;
    private final String owner;

    public OpportunityActivity(long opportunityId, String stage, int idleDays, String owner) {
        this.opportunityId = opportunityId;
        this.stage = stage;
        this.idleDays = idleDays;
        this.owner = owner;
    }

    public long getOpportunityId() {
        return opportunityId;
    }

    /** {@code opportunity:<id>}, the subject of every decision about the opportunity. */
    public String getSubject() {
        return "opportunity:" + opportunityId;
    }

    /** The stage it is in (an open one). */
    public String getStage() {
        return stage;
    }

    /** Whole days since its last activity. */
    public int getIdleDays() {
        return idleDays;
    }

    /** The user who owns it. */
    public String getOwner() {
        return owner;
    }

    @Override
    public String toString() {
        return "OpportunityActivity[opportunity " + opportunityId + ", stage " + stage + ", idle " + idleDays
                + " days, owner " + owner + "]";
    }
}
