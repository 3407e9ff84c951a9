package org.rapport.sales.impl;

import org.rapport.rest.MinuteWindow;

/** Submissions per form and client address in the current minute: at most {@code perMinute} pass ({@link MinuteWindow}). */
final class FormRateLimit {

    private final MinuteWindow window;

    FormRateLimit(int perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("formRequestsPerMinute: at least 1, not " + perMinute);
        }
        this.window = new MinuteWindow(perMinute);
    }

    /** Counts a submission; false when the address has sent its share to the form this minute. */
    boolean tryAcquire(String form, String address, long epochMillis) {
        return window.tryAcquire(form + " " + address, epochMillis);
    }
}
