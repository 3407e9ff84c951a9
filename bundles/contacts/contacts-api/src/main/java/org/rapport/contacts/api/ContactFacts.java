package org.rapport.contacts.api;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What another bundle knows about a contact, shown with the contact's details in the shell
 * ({@code contacts:show}): registered as a service, by segments for instance.
 */
@ConsumerType
public interface ContactFacts {

    /** Labels and values, in the order to show them; a null value is shown as none. */
    Map<String, String> facts(long contactId);
}
