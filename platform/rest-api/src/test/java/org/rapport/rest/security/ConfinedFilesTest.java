package org.rapport.rest.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConfinedFilesTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path inbox;
    private Path secret;

    @Before
    public void files() throws IOException {
        inbox = temp.newFolder("imports").toPath();
        Files.createDirectories(inbox.resolve("march"));
        Files.writeString(inbox.resolve("march").resolve("Contacts 2026.csv"), "email\n");
        secret = temp.newFile("host.key").toPath();
        Files.writeString(secret, "-----BEGIN KEY-----\n");
    }

    @Test
    public void aNameIsResolvedInTheFolder() throws IOException {
        Path found = ConfinedFiles.inside(inbox, "march/Contacts 2026.csv");

        assertEquals(inbox.resolve("march/Contacts 2026.csv").toRealPath(), found);
        assertEquals(found, ConfinedFiles.inside(inbox, inbox.resolve("march/Contacts 2026.csv").toString()));
    }

    @Test
    public void dotDotIsRefused() {
        refused("../host.key", "is not a plain name");
        refused("march/../../host.key", "is not a plain name");
        refused(inbox + "/../host.key", "is not a file in");
    }

    @Test
    public void anAbsolutePathElsewhereIsRefused() {
        refused(secret.toString(), "is not a file in");
        refused("/etc/passwd", "is not a file in");
    }

    @Test
    public void aSymbolicLinkOutOfTheFolderIsRefused() throws IOException {
        Files.createSymbolicLink(inbox.resolve("key.csv"), secret);
        Files.createSymbolicLink(inbox.resolve("up"), secret.getParent());

        refused("key.csv", "a symbolic link leads elsewhere");
        refused("up/host.key", "a symbolic link leads elsewhere");
    }

    @Test
    public void hiddenNamesAndMissingFilesAreRefused() {
        refused(".hidden", "is not a plain name");
        refused("missing.csv", "there is no missing.csv");
        refused("", "name a file in");
    }

    private void refused(String name, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfinedFiles.inside(inbox, name));
        assertTrue(e.getMessage(), e.getMessage().contains(reason));
    }
}
