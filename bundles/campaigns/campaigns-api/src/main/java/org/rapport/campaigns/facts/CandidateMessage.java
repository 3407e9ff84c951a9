package org.rapport.campaigns.facts;

/**
 * A campaign's message about to leave for a contact, as the {@code campaigns} rules see it. What
 * never happened is null (no marketing message before, no complaint), so rules test for it first:
 * {@code CandidateMessage( daysSinceLastComplaint != null, daysSinceLastComplaint <= 30 )}.
 */
public final class CandidateMessage {

    private final long contactId;
    private final String campaign;
    private final String purpose;
    private final String channel;
    private final int marketingLast7Days;
    private final Integer hoursSinceLastMarketing;
    private final Integer daysSinceLastComplaint;
    private final int localHour;
    private final int localMinute;

    /**
     * @param contactId the contact it is for
     * @param campaign the campaign's name
     * @param purpose the consent purpose it is sent for ({@code marketing})
     * @param channel the message channel ({@code email})
     * @param marketingLast7Days the campaign messages of the same purpose queued for the contact in the
     *        seven days before now, this campaign's not counted
     * @param hoursSinceLastMarketing whole hours since the last of them, or null when there was none
     * @param daysSinceLastComplaint whole days since the contact's last complaint on their timeline
     *        (an interaction of type {@code complaint}) within the last year, or null
     * @param localHour the hour of the day now (0 to 23) in the contact's time zone (the contact's
     *        {@code timeZone}, else the campaigns' configured one)
     * @param localMinute the minute of that hour (0 to 59)
     */
    public CandidateMessage(long contactId, String campaign, String purpose, String channel, int marketingLast7Days,
            Integer hoursSinceLastMarketing, Integer daysSinceLastComplaint, int localHour, int localMinute) {
        this.contactId = contactId;
        this.campaign = campaign;
        this.purpose = purpose;
        this.channel = channel;
        this.marketingLast7Days = marketingLast7Days;
        this.hoursSinceLastMarketing = hoursSinceLastMarketing;
        this.daysSinceLastComplaint = daysSinceLastComplaint;
        this.localHour = localHour;
        this.localMinute = localMinute;
    }

    public long getContactId() {
        return contactId;
    }

    public String getCampaign() {
        return campaign;
    }

    public String getPurpose() {
        return purpose;
    }

    public String getChannel() {
        return channel;
    }

    public int getMarketingLast7Days() {
        return marketingLast7Days;
    }

    public Integer getHoursSinceLastMarketing() {
        return hoursSinceLastMarketing;
    }

    public Integer getDaysSinceLastComplaint() {
        return daysSinceLastComplaint;
    }

    public int getLocalHour() {
        return localHour;
    }

    public int getLocalMinute() {
        return localMinute;
    }

    @Override
    public String toString() {
        return "CandidateMessage[contact " + contactId + ", campaign " + campaign + ", " + purpose + " by " + channel
                + ", " + marketingLast7Days + " marketing message(s) in 7 days"
                + (hoursSinceLastMarketing == null ? "" : ", the last " + hoursSinceLastMarketing + " h ago")
                + (daysSinceLastComplaint == null ? "" : ", a complaint " + daysSinceLastComplaint + " day(s) ago")
                + String.format(", local time %02d:%02d]", localHour, localMinute);
    }
}
