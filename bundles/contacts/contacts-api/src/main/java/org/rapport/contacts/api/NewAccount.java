package org.rapport.contacts.api;

/** What an account is made of, to create one or to replace its details. Only {@code name} is required. */
public record NewAccount(String name, String domain, String industry, Address address, String owner) {
}
