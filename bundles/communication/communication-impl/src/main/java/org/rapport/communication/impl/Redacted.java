package org.rapport.communication.impl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A channel's reason as the log may keep it. Providers quote the recipient ("550 5.1.1
 * &lt;ada@example.com&gt;: mailbox unavailable"), and the log outlives every erasure: addresses and
 * phone numbers are masked; the message's own record keeps the whole reason, which erasure reaches.
 */
final class Redacted {

    private static final Pattern EMAIL = Pattern.compile("[^\\s<>\"'(),;:]+@[^\\s<>\"'(),;:]+");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ().-]{5,}\\d");

    private Redacted() {
    }

    static String reason(String reason) {
        if (reason == null) {
            return null;
        }
        // A phone number has at least 7 digits; a status code such as "550 5.1.1" has fewer.
        return PHONE.matcher(EMAIL.matcher(reason).replaceAll("(address)")).replaceAll(number ->
                number.group().chars().filter(Character::isDigit).count() >= 7 ? "(number)"
                        : Matcher.quoteReplacement(number.group()));
    }
}
