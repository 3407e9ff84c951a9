package org.rapport.contacts.api;

/**
 * A postal address. Every part may be null; {@code country} is an ISO 3166-1 alpha-2 code such as
 * {@code DE} or {@code BR}.
 *
 * @param locality the town or city
 * @param region the state, province or county
 */
public record Address(String street, String locality, String region, String postalCode, String country) {

    /** No address. */
    public static final Address NONE = new Address(null, null, null, null, null);

    /** Whether no part is given. */
    public boolean isEmpty() {
        return blank(street) && blank(locality) && blank(region) && blank(postalCode) && blank(country);
    }

    private static boolean blank(String part) {
        return part == null || part.isBlank();
    }

    /** The parts that are given, comma-separated, or an empty string. */
    public String oneLine() {
        StringBuilder line = new StringBuilder();
        for (String part : new String[] {street, postalCode == null ? locality
                : locality == null ? postalCode : postalCode + " " + locality, region, country}) {
            if (!blank(part)) {
                line.append(line.length() == 0 ? "" : ", ").append(part);
            }
        }
        return line.toString();
    }
}
