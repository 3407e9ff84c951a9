package org.rapport.sales.facts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A lead as the scoring rules see it, handed to the {@code sales} rules when the lead is captured
 * and when it is scored again: {@code LeadProfile( source == "referral", hasCompany )}.
 */
public final class LeadProfile {

    private final long leadId;
    private final String source;
    private final String emailDomain;
    private final boolean hasCompany;
    private final boolean hasPhone;
    private final int visits;
    private final int emailsOpened;
    private final Map<String, String> answers;

    /**
     * @param answers the form's answers as {@code name=value} pairs separated by {@code ;}
     *                ({@code budget=over-10k;timeline=this-quarter}), as scenarios write them
     */
    public LeadProfile(long leadId, String source, String emailDomain, boolean hasCompany, boolean hasPhone, int visits,
            int emailsOpened, String answers) {
        this.leadId = leadId;
        this.source = source;
        this.emailDomain = emailDomain;
        this.hasCompany = hasCompany;
        this.hasPhone = hasPhone;
        this.visits = visits;
        this.emailsOpened = emailsOpened;
        Map<String, String> parsed = new LinkedHashMap<>();
        if (answers != null) {
            for (String pair : answers.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    parsed.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
            }
        }
        this.answers = Collections.unmodifiableMap(parsed);
    }

    public long getLeadId() {
        return leadId;
    }

    /** {@code lead:<id>}, the subject of every decision about the lead. */
    public String getSubject() {
        return "lead:" + leadId;
    }

    /** Where the lead came from: {@code web-form}, {@code referral}, {@code event}, {@code import}, ... */
    public String getSource() {
        return source;
    }

    /** The part of the email address after '@', in lower case; null without an address. */
    public String getEmailDomain() {
        return emailDomain;
    }

    public boolean isHasCompany() {
        return hasCompany;
    }

    public boolean isHasPhone() {
        return hasPhone;
    }

    /** Web visits of the lead's contact in the last 90 days (0 while the lead has no contact). */
    public int getVisits() {
        return visits;
    }

    /** Emails the lead's contact opened in the last 90 days (0 while the lead has no contact). */
    public int getEmailsOpened() {
        return emailsOpened;
    }

    /** Whether the form's answer to {@code question} is {@code value} (ignoring case). */
    public boolean hasAnswer(String question, String value) {
        String answer = answers.get(question);
        return answer != null && answer.equalsIgnoreCase(value);
    }

    @Override
    public String toString() {
        return "LeadProfile[lead " + leadId + ", source " + source + ", email domain " + emailDomain + ", company "
                + hasCompany + ", phone " + hasPhone + ", " + visits + " visits, " + emailsOpened + " emails opened, answers "
                + answers + "]";
    }
}
