package org.rapport.communication.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.util.List;

import org.junit.Test;
import org.rapport.communication.api.MessageAttachment;

/** A message's files as the outbox keeps them: checked naming the file at fault, and read back byte for byte. */
public class MessageFilesTest {

    @Test
    public void filesAreCheckedAndKeptByteForByte() {
        byte[] bytes = {0, 1, 2, (byte) 255, '\n', ' '};
        List<MessageAttachment> back = MessageFiles.decode(MessageFiles.encode(List.of(
                new MessageAttachment("Überweisung 1.pdf", "application/pdf", bytes),
                new MessageAttachment("empty.txt", "text/plain", new byte[0]))));
        assertEquals("Überweisung 1.pdf", back.get(0).name());
        assertEquals("application/pdf", back.get(0).contentType());
        assertArrayEquals(bytes, back.get(0).content());
        assertEquals(0, back.get(1).content().length);
        assertNull(MessageFiles.encode(List.of()));
        assertEquals("attachments[1]: name must be one line of at most 200 characters without a path",
                assertThrows(IllegalArgumentException.class, () -> MessageFiles.encode(List.of(
                        new MessageAttachment("a.txt", "text/plain", bytes),
                        new MessageAttachment("../etc/passwd", "text/plain", bytes)))).getMessage());
        assertEquals("attachments[0]: contentType must be type/subtype in lower case", assertThrows(
                IllegalArgumentException.class, () -> MessageFiles.encode(List.of(new MessageAttachment("a", "Text/HTML;x",
                        bytes)))).getMessage());
        assertEquals("attachments[1]: the files together are larger than 10485760 bytes", assertThrows(
                IllegalArgumentException.class, () -> MessageFiles.encode(List.of(new MessageAttachment("a", "text/plain",
                        new byte[6 << 20]), new MessageAttachment("b", "text/plain", new byte[5 << 20])))).getMessage());
    }
}
