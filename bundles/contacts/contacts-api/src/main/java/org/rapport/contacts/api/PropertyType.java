package org.rapport.contacts.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The type of a custom contact property, and the one Java type its values have: {@code TEXT} and
 * {@code CHOICE} are {@link String}s, {@code NUMBER} a {@link BigDecimal}, {@code DATE} a
 * {@link LocalDate}, {@code BOOLEAN} a {@link Boolean}.
 */
public enum PropertyType {
    TEXT, NUMBER, DATE, BOOLEAN, CHOICE;

    /** The longest text value, in characters. */
    public static final int MAX_TEXT = 500;

    /** A type by name, in any case. @throws IllegalArgumentException naming the types */
    public static PropertyType parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + name + "' is not a property type; one of text, number, date, "
                    + "boolean, choice");
        }
    }

    /**
     * The value as this type has it: text as given, {@code choices} matched in any case, numbers
     * from any {@link Number} or decimal text, dates as {@code yyyy-mm-dd}, booleans from
     * {@code true}/{@code false}/{@code yes}/{@code no}.
     *
     * @throws IllegalArgumentException saying what the value should look like
     */
    public Object convert(Object value, List<String> choices) {
        String text = value instanceof String s ? s.strip() : null;
        switch (this) {
            case TEXT -> {
                String s = text != null ? text : String.valueOf(value);
                if (s.length() > MAX_TEXT) {
                    throw new IllegalArgumentException("is longer than " + MAX_TEXT + " characters");
                }
                return s;
            }
            case CHOICE -> {
                String s = text != null ? text : String.valueOf(value);
                for (String choice : choices) {
                    if (choice.equalsIgnoreCase(s)) {
                        return choice;
                    }
                }
                throw new IllegalArgumentException("'" + s + "' is not one of " + choices);
            }
            case NUMBER -> {
                try {
                    BigDecimal number = value instanceof BigDecimal b ? b
                            : value instanceof Long || value instanceof Integer || value instanceof Short
                                    ? BigDecimal.valueOf(((Number) value).longValue())
                                    : new BigDecimal(text != null ? text : String.valueOf(value));
                    if (number.precision() - number.scale() > 15 || number.scale() > 6) {
                        throw new IllegalArgumentException("'" + value + "' is too large or too precise: at most 15 "
                                + "digits before the decimal point and 6 after");
                    }
                    return number.stripTrailingZeros().scale() < 0 ? number.setScale(0) : number.stripTrailingZeros();
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + value + "' is not a number such as 12 or 12.5");
                }
            }
            case DATE -> {
                if (value instanceof LocalDate date) {
                    return date;
                }
                try {
                    return LocalDate.parse(text != null ? text : String.valueOf(value));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + value + "' is not a date such as 1990-04-23");
                }
            }
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    return b;
                }
                String s = (text != null ? text : String.valueOf(value)).toLowerCase(Locale.ROOT);
                if (s.equals("true") || s.equals("yes")) {
                    return Boolean.TRUE;
                }
                if (s.equals("false") || s.equals("no")) {
                    return Boolean.FALSE;
                }
                throw new IllegalArgumentException("'" + value + "' is not true or false");
            }
            default -> throw new AssertionError(this);
        }
    }

    /** The lower-case name used in the API and the shell. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
