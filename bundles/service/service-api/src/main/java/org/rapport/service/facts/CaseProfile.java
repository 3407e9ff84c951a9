package org.rapport.service.facts;

/**
 * A case as the SLA rules see it when it is opened or its priority changes: its priority
 * ({@code low}, {@code normal}, {@code high}, {@code urgent}), channel ({@code email}, {@code phone},
 * {@code chat}, {@code web}, {@code in-person}, ...), queue and the customer's loyalty tier
 * (null when the customer is no member or loyalty is not installed):
 * {@code CaseProfile( priority == "urgent" )}.
 */
public final class CaseProfile {

    private final long caseId;
    private final String priority;
    private final String channel;
    private final String queue;
    private final String tier;

    public CaseProfile(long caseId, String priority, String channel, String queue, String tier) {
        this.caseId = caseId;
        this.priority = priority;
        this.channel = channel;
        this.queue = queue;
        this.tier = tier;
    }

    public long getCaseId() {
        return caseId;
    }

    /** {@code case:<id>}, the subject of every decision about the case. */
    public String getSubject() {
        return "case:" + caseId;
    }

    public String getPriority() {
        return priority;
    }

    public String getChannel() {
        return channel;
    }

    public String getQueue() {
        return queue;
    }

    /** The customer's loyalty tier ({@code Gold}), or null. */
    public String getTier() {
        return tier;
    }

    @Override
    public String toString() {
        return "CaseProfile[case " + caseId + ", priority " + priority + ", channel " + channel + ", queue " + queue
                + ", tier " + tier + "]";
    }
}
