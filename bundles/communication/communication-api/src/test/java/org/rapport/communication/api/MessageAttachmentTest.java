package org.rapport.communication.api;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class MessageAttachmentTest {

    @Test
    public void aMediaTypeIsTypeSlashSubtypeInLowerCase() {
        for (String type : new String[] {"application/pdf", "image/png", "application/vnd.ms-excel",
            "application/ld+json", "text/plain"}) {
            assertTrue(type, MessageAttachment.isMediaType(type));
        }
    }

    @Test
    public void anythingElseIsNot() {
        for (String type : new String[] {null, "", "pdf", "Application/PDF", "text/plain; charset=utf-8", "/png",
            "image/", "text/html\r\nX-Evil: 1", "a/b/c", "*/*", "../etc/passwd", "a".repeat(42) + "/b"}) {
            assertFalse(String.valueOf(type), MessageAttachment.isMediaType(type));
        }
    }
}
