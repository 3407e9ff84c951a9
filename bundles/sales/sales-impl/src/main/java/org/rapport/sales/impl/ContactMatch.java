package org.rapport.sales.impl;

import java.util.Optional;

import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;

/**
 * The contact a lead is: the one with its email address (in any case), or, when the lead has no
 * address, the one with its phone number. A contact merged into another is not matched: its
 * survivor is, being the one that holds the address now.
 */
final class ContactMatch {

    private static final int CANDIDATES = 20;

    private ContactMatch() {
    }

    static Optional<Contact> of(ContactService contacts, String email, String phone) {
        if (email != null) {
            return contacts.search(email, 0, CANDIDATES).stream()
                    .filter(c -> c.mergedInto() == null && c.email().equalsIgnoreCase(email)).findFirst();
        }
        if (phone != null) {
            return contacts.search(phone, 0, CANDIDATES).stream()
                    .filter(c -> c.mergedInto() == null && phone.equals(c.phone())).findFirst();
        }
        return Optional.empty();
    }
}
