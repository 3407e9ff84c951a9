package org.rapport.sales.impl;

/** How refusals quote what was sent: in part when it is long. */
final class Texts {

    private Texts() {
    }

    static String shorten(String value) {
        if (value == null) {
            return "";
        }
        String flat = value.replaceAll("\\p{Cntrl}", "?");
        return flat.length() <= 40 ? flat : flat.substring(0, 37) + "...";
    }
}
