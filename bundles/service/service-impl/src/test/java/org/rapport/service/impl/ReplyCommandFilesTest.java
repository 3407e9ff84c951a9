package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Session;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;
import org.rapport.contacts.api.NewContact;
import org.rapport.rest.Roles;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.api.EntryKind;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.ServiceCase;
import org.rapport.service.impl.command.CaseReplyCommand;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * {@code cases:reply} with files from the shell, on Derby: the bytes of standard input and files of
 * the folder an administrator set aside are kept with the reply; a path out of that folder, a file
 * too large, a type not allowed or unknown are refused naming what was given, and nothing is written.
 */
@Category(UsesDatabase.class)
public class ReplyCommandFilesTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-service", "rapport-contacts", "rapport-rules",
            "rapport-loyalty");

    @Rule
    public final TemporaryFolder folders = new TemporaryFolder();

    private ServiceFixture f;
    private CaseAttachments files;
    private Path inbox;
    private ServiceCase c;

    @Before
    public void setUp() throws Exception {
        inbox = folders.newFolder("attachments").toPath();
        Files.writeString(inbox.resolve("terms.pdf"), "%PDF-terms");
        Files.writeString(inbox.resolve("notes.txt"), "Bring the receipt.");
        Files.write(inbox.resolve("big.pdf"), new byte[2001]);
        Files.writeString(inbox.resolve("tool.exe"), "MZ");
        Files.writeString(inbox.resolve("data.rapport"), "?");
        Files.writeString(folders.getRoot().toPath().resolve("secret.pdf"), "%PDF-secret");
        Map<String, Object> settings = new HashMap<>(ServiceFixture.berlin());
        settings.put("attachmentInbox", inbox.toString());
        f = new ServiceFixture(db, settings);
        files = new CaseAttachments(db.emf("rapport-service"), ServiceFixture.config(settings));
        long ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        c = f.cases.open(new NewCase("Returns", ada, "email", null, null, null, "How do I return it?"), "agent1");
    }

    /** Runs {@code cases:reply} as an agent with {@code stdin} on standard input. */
    private void reply(String text, byte[] stdin, String stdinName, String... attach) throws Exception {
        CaseReplyCommand command = new CaseReplyCommand();
        set(command, "caseId", c.id());
        set(command, "text", text);
        set(command, "stdin", stdinName);
        set(command, "attach", attach.length == 0 ? null : List.of(attach));
        set(command, "cases", f.cases);
        set(command, "guard", new QueueGuard(f.cases));
        set(command, "impl", f.cases);
        set(command, "files", files);
        InputStream keyboard = new ByteArrayInputStream(stdin);
        set(command, "session", Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> method.getName().equals("getKeyboard") ? keyboard : null));
        try {
            ShellSessions.as(Roles.AGENT, () -> {
                try {
                    return command.execute();
                } catch (Exception e) {
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            });
        } catch (IllegalStateException wrapped) {
            throw (Exception) wrapped.getCause();
        }
    }

    private static void set(Object target, String name, Object value) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                field.set(target, value);
                return;
            } catch (NoSuchFieldException next) {
                // declared on the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

    @Test
    public void filesFromStandardInputAndTheFolderAreKeptWithTheReply() throws Exception {
        reply("Your label and our terms.", "%PDF-label".getBytes(StandardCharsets.US_ASCII), "../label.pdf",
                "terms.pdf", "notes.txt");

        long replyId = f.cases.thread(c.id()).stream().filter(e -> e.kind() == EntryKind.REPLY).findFirst().orElseThrow().id();
        List<CaseAttachments.Info> kept = files.list(c.id());
        assertEquals(List.of("label.pdf", "terms.pdf", "notes.txt"), kept.stream().map(CaseAttachments.Info::name).toList());
        assertEquals(List.of("application/pdf", "application/pdf", "text/plain"), kept.stream()
                .map(CaseAttachments.Info::contentType).toList());
        assertTrue(kept.stream().allMatch(a -> a.entryId() == replyId));
        assertEquals("%PDF-label", new String(files.find(c.id(), kept.get(0).id()).orElseThrow().content(),
                StandardCharsets.US_ASCII));
    }

    @Test
    public void aPathOutOfTheFolderATooLargeFileOrATypeNotAllowedIsRefusedAndNothingIsWritten() throws Exception {
        String outside = assertThrows(IllegalArgumentException.class, () -> reply("x", new byte[0], null,
                "../secret.pdf")).getMessage();
        String absolute = assertThrows(IllegalArgumentException.class, () -> reply("x", new byte[0], null,
                folders.getRoot().toPath().resolve("secret.pdf").toString())).getMessage();
        CaseValidationException big = assertThrows(CaseValidationException.class, () -> reply("x", new byte[0], null,
                "big.pdf"));
        CaseValidationException bigInput = assertThrows(CaseValidationException.class, () -> reply("x", new byte[5000],
                "scan.pdf"));
        CaseValidationException exe = assertThrows(CaseValidationException.class, () -> reply("x", new byte[0], null,
                "terms.pdf", "tool.exe=application/x-msdownload"));
        CaseValidationException unknown = assertThrows(CaseValidationException.class, () -> reply("x", new byte[0], null,
                "data.rapport"));

        assertTrue(outside, outside.contains("'../secret.pdf' is not a file in " + inbox));
        assertTrue(absolute, absolute.contains("is not a file in " + inbox));
        assertEquals(Map.of("--attach big.pdf", "is larger than 2000 bytes"), big.fieldErrors());
        assertEquals(Map.of("--stdin", "is larger than 2000 bytes"), bigInput.fieldErrors());
        assertEquals(Map.of("attachments[1]", "'application/x-msdownload' is not an allowed type; one of application/pdf, "
                + "image/png, image/jpeg, image/gif, text/plain, text/csv"), exe.fieldErrors());
        assertEquals(Map.of("--attach data.rapport", "the type of data.rapport is not known from its name; give it as "
                + "data.rapport=type/subtype"), unknown.fieldErrors());
        assertEquals("no reply written", 1, f.cases.thread(c.id()).size());
        assertTrue(files.list(c.id()).isEmpty());
    }
}
