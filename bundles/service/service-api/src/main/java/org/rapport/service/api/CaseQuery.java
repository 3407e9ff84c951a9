package org.rapport.service.api;

/** Which cases to list: each criterion left null matches every case. */
public record CaseQuery(CaseStatus status, String queue, String assignee, Long contactId) {

    /** Every case. */
    public static CaseQuery all() {
        return new CaseQuery(null, null, null, null);
    }
}
