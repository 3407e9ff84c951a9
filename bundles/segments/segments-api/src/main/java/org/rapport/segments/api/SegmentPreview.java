package org.rapport.segments.api;

import java.util.List;

import org.rapport.contacts.api.Contact;

/** What a condition would select now, without saving anything: how many contacts, and some of them. */
public record SegmentPreview(String condition, long members, List<Contact> sample) {
}
