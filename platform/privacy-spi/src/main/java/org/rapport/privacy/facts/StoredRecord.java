package org.rapport.privacy.facts;

/**
 * A stored record that holds personal data, as retention rules see it:
 * {@code StoredRecord( category == "interactions", ageDays > 1095, legalHold == false )}.
 */
public final class StoredRecord {

    private final String category;
    private final long recordId;
    private final long contactId;
    private final long ageDays;
    private final String kind;
    private final String channel;
    private final boolean legalHold;

    public StoredRecord(String category, long recordId, long contactId, long ageDays, String kind, String channel,
            boolean legalHold) {
        this.category = category;
        this.recordId = recordId;
        this.contactId = contactId;
        this.ageDays = ageDays;
        this.kind = kind;
        this.channel = channel;
        this.legalHold = legalHold;
    }

    /** The same record, under a legal hold or not. */
    public StoredRecord withLegalHold(boolean hold) {
        return new StoredRecord(category, recordId, contactId, ageDays, kind, channel, hold);
    }

    /** The data category, as its source names it: {@code interactions}, ... */
    public String getCategory() {
        return category;
    }

    public long getRecordId() {
        return recordId;
    }

    public long getContactId() {
        return contactId;
    }

    /** Whole days since the record's event happened. */
    public long getAgeDays() {
        return ageDays;
    }

    /** The record's kind within its category (an interaction's type: {@code visit}, {@code call}), or null. */
    public String getKind() {
        return kind;
    }

    /** The channel the record came through ({@code email}, {@code web}), or null. */
    public String getChannel() {
        return channel;
    }

    /** True if the record's contact is under a legal hold: nothing may be deleted or anonymised. */
    public boolean isLegalHold() {
        return legalHold;
    }

    @Override
    public String toString() {
        return "StoredRecord[" + category + " " + recordId + ", contact " + contactId + ", " + ageDays + " days old, "
                + kind + ", " + channel + (legalHold ? ", on legal hold" : "") + "]";
    }
}
