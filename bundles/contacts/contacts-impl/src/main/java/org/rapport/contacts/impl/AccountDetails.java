package org.rapport.contacts.impl;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.NewAccount;

/** An account's details checked and in their stored form: the domain lower-case without scheme or path. */
record AccountDetails(String name, String domain, String industry, Address address, String owner) {

    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");
    private static final int MAX_NAME = 200;
    private static final int MAX_INDUSTRY = 100;

    static AccountDetails of(NewAccount account) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (account == null) {
            throw new ContactValidationException(Map.of("name", "is required"));
        }
        String name = account.name() == null ? "" : account.name().strip();
        if (name.isEmpty()) {
            errors.put("name", "is required");
        } else if (name.length() > MAX_NAME) {
            errors.put("name", "is longer than " + MAX_NAME + " characters");
        } else if (ContactDetails.hasControl(name)) {
            errors.put("name", ContactDetails.CONTROL_REFUSED);
        }
        String domain = null;
        if (account.domain() != null && !account.domain().isBlank()) {
            domain = account.domain().strip().toLowerCase(Locale.ROOT).replaceFirst("^[a-z]+://", "")
                    .replaceFirst("[/?#].*$", "").replaceFirst("^www\\.", "");
            if (!DOMAIN.matcher(domain).matches()) {
                errors.put("domain", "'" + ContactDetails.shown(account.domain()) + "' is not a domain such as example.com");
            }
        }
        String industry = account.industry() == null || account.industry().isBlank() ? null : account.industry().strip();
        if (industry != null && industry.length() > MAX_INDUSTRY) {
            errors.put("industry", "is longer than " + MAX_INDUSTRY + " characters");
        } else if (industry != null && ContactDetails.hasControl(industry)) {
            errors.put("industry", ContactDetails.CONTROL_REFUSED);
        }
        Address address = ContactDetails.address(errors, account.address());
        String owner = account.owner() == null || account.owner().isBlank() ? null : account.owner().strip();
        if (owner != null && !ContactDetails.OWNER.matcher(owner).matches()) {
            errors.put("owner", "'" + ContactDetails.shown(account.owner()) + "' is not a user name");
        }
        if (!errors.isEmpty()) {
            throw new ContactValidationException(errors);
        }
        return new AccountDetails(name, domain, industry, address, owner);
    }
}
