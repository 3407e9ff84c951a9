package org.rapport.privacy.api;

/** What a consent record says. */
public enum ConsentState {
    GRANTED, WITHDRAWN
}
