package org.rapport.service.api;

/** Which cases to list: each criterion left null matches every case ({@code priority} since 1.3). */
public record CaseQuery(CaseStatus status, String queue, String assignee, Long contactId, CasePriority priority) {

    /** Cases by status, queue, assignee and contact, of any priority. */
    public CaseQuery(CaseStatus status, String queue, String assignee, Long contactId) {
        this(status, queue, assignee, contactId, null);
    }

    /** Every case. */
    public static CaseQuery all() {
        return new CaseQuery(null, null, null, null, null);
    }
}
