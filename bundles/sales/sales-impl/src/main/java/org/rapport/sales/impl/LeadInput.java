package org.rapport.sales.impl;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.rapport.sales.api.NewLead;
import org.rapport.sales.api.SalesValidationException;

/**
 * A {@link NewLead} checked field by field: every field at fault is named at once, and nothing is
 * stored until all are right. Values are trimmed; an email address is kept as sent and matched in
 * lower case; a phone number keeps its digits and a leading '+'.
 */
final class LeadInput {

    static final int MAX_ANSWERS = 20;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]{2,}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{4,20}");
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern QUESTION = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._@-]{1,120}");

    final String name;
    final String email;
    final String phone;
    final String company;
    final String source;
    final Map<String, String> answers;
    final String owner;

    private LeadInput(NewLead lead, Map<String, String> errors) {
        name = text(errors, "name", lead.name(), 200, true);
        String mail = text(errors, "email", lead.email(), 254, false);
        if (mail != null && !EMAIL.matcher(mail).matches()) {
            errors.put("email", "'" + Texts.shorten(mail) + "' is not an email address");
        }
        email = mail;
        String digits = lead.phone() == null ? null : lead.phone().strip().replaceAll("[\\s.()\\-/]", "");
        if (digits != null && digits.isEmpty()) {
            digits = null;
        }
        if (digits != null && !PHONE.matcher(digits).matches()) {
            errors.put("phone", "'" + Texts.shorten(lead.phone()) + "' is not a phone number: 4 to 20 digits, "
                    + "with an optional leading '+'");
        }
        phone = digits;
        if (email == null && phone == null && !errors.containsKey("email") && !errors.containsKey("phone")) {
            errors.put("email", "an email address or a phone number is required");
        }
        company = text(errors, "company", lead.company(), 200, false);
        String from = lead.source() == null || lead.source().isBlank() ? null : lead.source().strip();
        if (from == null) {
            errors.put("source", "is required: where the lead came from, such as web-form, referral, event");
        } else if (!SOURCE.matcher(from).matches()) {
            errors.put("source", "'" + Texts.shorten(from) + "' is not a source: lower-case letters, digits and '-', "
                    + "at most 40");
        }
        source = from;
        answers = answers(errors, lead.answers());
        String who = lead.owner() == null || lead.owner().isBlank() ? null : lead.owner().strip();
        if (who != null && !OWNER.matcher(who).matches()) {
            errors.put("owner", "'" + Texts.shorten(who) + "' is not a user name");
        }
        owner = who;
    }

    /** @throws SalesValidationException naming every field at fault */
    static LeadInput of(NewLead lead) {
        Map<String, String> errors = new LinkedHashMap<>();
        LeadInput input = new LeadInput(lead, errors);
        if (!errors.isEmpty()) {
            throw new SalesValidationException(errors);
        }
        return input;
    }

    String emailKey() {
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> answers(Map<String, String> errors, Map<String, String> given) {
        if (given.size() > MAX_ANSWERS) {
            errors.put("answers", "at most " + MAX_ANSWERS + " answers, not " + given.size());
            return Map.of();
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            String field = "answers." + Texts.shorten(e.getKey());
            if (!QUESTION.matcher(e.getKey()).matches()) {
                errors.put(field, "a question is named with letters, digits, '-' and '_', at most 40");
                continue;
            }
            // Line breaks are control characters, refused by text(): an answer stays on one line (Answers).
            String value = text(errors, field, e.getValue(), 300, false);
            if (value != null) {
                answers.put(e.getKey(), value);
            }
        }
        return answers;
    }

    private static String text(Map<String, String> errors, String field, String value, int max, boolean required) {
        String v = value == null ? null : value.strip();
        if (v == null || v.isEmpty()) {
            if (required) {
                errors.put(field, "is required");
            }
            return null;
        }
        if (v.length() > max) {
            errors.put(field, "at most " + max + " characters, not " + v.length());
            return null;
        }
        if (v.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            errors.put(field, "holds a control character");
            return null;
        }
        return v;
    }
}
