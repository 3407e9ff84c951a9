package org.rapport.contacts.api;

/** What is needed to create a contact; {@link ContactService#create} validates it. */
public record NewContact(String email, String firstName, String lastName) {
}
