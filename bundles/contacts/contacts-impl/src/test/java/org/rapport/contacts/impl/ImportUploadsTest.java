package org.rapport.contacts.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ImportUploadsTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void anUploadLastsAsLongAsItsImport() throws IOException {
        Path folder = temp.getRoot().toPath().resolve("imports");
        ImportUploads uploads = new ImportUploads(folder, temp.getRoot().toPath());

        Path file = uploads.store(new ByteArrayInputStream("email\nada@example.com\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("a running import's file stays", 0, uploads.deleteLeftovers());
        assertTrue(Files.exists(file));
        uploads.release(file);

        assertFalse(Files.exists(file));
    }

    @Test
    public void filesAStoppedServerLeftAreDeletedAtStartAndByErasure() throws IOException {
        Path folder = Files.createDirectories(temp.getRoot().toPath().resolve("imports"));
        Path left = Files.writeString(folder.resolve("left.csv"), "email\nada@example.com\n");

        ImportUploads uploads = new ImportUploads(folder, temp.getRoot().toPath());

        assertFalse(Files.exists(left));
        Files.writeString(left, "email\nada@example.com\n");
        assertEquals(1, uploads.deleteLeftovers());
    }

    @Test
    public void aCopyThatBreaksLeavesNothing() throws IOException {
        Path folder = temp.getRoot().toPath().resolve("imports");
        ImportUploads uploads = new ImportUploads(folder, temp.getRoot().toPath());
        InputStream broken = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 100) {
                    return 'a';
                }
                throw new IOException("the client went away");
            }
        };

        IOException expected = assertThrows("the copy breaks", IOException.class, () -> uploads.store(broken));
        assertEquals("the client went away", expected.getMessage());
        try (var files = Files.list(folder)) {
            assertEquals(0, files.count());
        }
    }
}
