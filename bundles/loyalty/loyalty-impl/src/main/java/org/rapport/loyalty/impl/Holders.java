package org.rapport.loyalty.impl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;

/** Which contact holds the points of a contact: itself, or the contact it was merged into. */
final class Holders {

    /** Merges of merges are followed this far, and no further, so a loop in the data cannot hang a booking. */
    private static final int MAX_HOPS = 10;

    private final ContactService contacts;

    Holders(ContactService contacts) {
        this.contacts = contacts;
    }

    void requireContact(long contactId) {
        if (contacts.find(contactId).isEmpty()) {
            throw new IllegalArgumentException("contact " + contactId + " does not exist");
        }
    }

    /**
     * The holders of {@code contactIds}, as {@link #holder} answers each: the contacts read in one
     * call, those merged into another followed one by one. Contacts that do not exist are left out.
     */
    Map<Long, Contact> holders(List<Long> contactIds) {
        Map<Long, Contact> holders = new HashMap<>();
        for (Contact contact : contacts.find(contactIds)) {
            holders.put(contact.id(), contact.mergedInto() == null ? contact : holder(contact.id()));
        }
        return holders;
    }

    /**
     * The contact whose account a purchase for {@code contactId} goes to: the contact itself, or
     * the contact it was merged into (its points moved there).
     */
    Contact holder(long contactId) {
        long id = contactId;
        for (int hops = 0; ; hops++) {
            long current = id;
            Contact contact = contacts.find(current).orElseThrow(() -> new IllegalArgumentException("contact " + current
                    + " does not exist"));
            if (contact.mergedInto() == null || hops == MAX_HOPS) {
                return contact;
            }
            id = contact.mergedInto();
        }
    }
}
