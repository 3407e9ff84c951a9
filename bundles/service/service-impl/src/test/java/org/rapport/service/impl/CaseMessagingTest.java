package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.mail.internet.MimeMessage;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.communication.api.InboundKind;
import org.rapport.communication.api.InboundMessage;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageAttachment;
import org.rapport.communication.api.SendRequest;
import org.rapport.communication.impl.TwoWay;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.CaseQuery;
import org.rapport.service.api.CaseStatus;
import org.rapport.service.api.EntryKind;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.ServiceCase;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * The service desk talking with customers on the product's communication (outbox, mailbox, consent
 * gate) over a real mail server (GreenMail: SMTP and IMAP) and Derby: a mail opens a case, the
 * agent's reply leaves threaded, the customer's answer comes back onto the same case once, an
 * automatic reply only leaves a note, an answer to a closed case opens a new one naming it, and a
 * reply without consent is recorded as blocked.
 */
@Category(UsesDatabase.class)
public class CaseMessagingTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-service", "rapport-contacts", "rapport-rules",
            "rapport-loyalty", "rapport-communication", "rapport-privacy");

    private final BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
    /** The next message handed on never reaches the desk, as when its node stops first. */
    private final java.util.concurrent.atomic.AtomicBoolean deskAway = new java.util.concurrent.atomic.AtomicBoolean();
    private ServiceFixture f;
    private ConsentServiceImpl consent;
    private TwoWay comms;
    private CaseInbound desk;
    private long ada;
    private long bob;

    @Before
    public void setUp() throws Exception {
        f = new ServiceFixture(db, ServiceFixture.berlin());
        consent = new ConsentServiceImpl(db.emf("rapport-privacy"), f.contacts, f.clock, List.of("marketing", "service"));
        ReplyOutcomes outcomes = new ReplyOutcomes(f.cases);
        comms = new TwoWay(db.emf("rapport-communication"), db.dataSource(), f.contacts, f.interactions, consent, f.clock,
                outcomes::handleEvent, "mx.shop.example");
        f.cases.bindMessages(comms.messages);
        desk = new CaseInbound(f.cases, f.files);
        comms.listen(m -> {
            if (!deskAway.getAndSet(false)) {
                desk.received(m);
            }
            heard.add(m.id());
        }, "service");
        ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        bob = f.contacts.create(new NewContact("bob@example.com", "Bob", "Smith")).id();
        consent.record(new ConsentChange(ada, "service", Channel.EMAIL, ConsentState.GRANTED, null, "web form", null,
                null), "agent");
    }

    @After
    public void tearDown() {
        comms.close();
    }

    /** Mails arrive; the mailbox is read and every listener has heard of them. */
    private void mails(String... raw) throws Exception {
        for (String mail : raw) {
            comms.arrives(mail);
        }
        assertEquals(raw.length, comms.poll());
        for (int i = 0; i < raw.length; i++) {
            assertNotNull("the desk heard of it", heard.poll(10, TimeUnit.SECONDS));
        }
    }

    private static String mail(String from, String id, String inReplyTo, String extra, String subject, String text) {
        return "From: " + from + "\nTo: crm@shop.example\nSubject: " + subject + "\nMessage-ID: " + id + "\n"
                + (inReplyTo == null ? "" : "In-Reply-To: " + inReplyTo + "\n") + extra + "\n" + text + "\n";
    }

    private List<ServiceCase> casesOf(long contact) {
        return f.cases.list(new CaseQuery(null, null, null, contact), 0, 10);
    }

    private MimeMessage lastMail() {
        MimeMessage[] all = comms.mail.getReceivedMessages();
        return all[all.length - 1];
    }

    @Test
    public void aMailOpensACaseTheReplyLeavesThreadedAndTheAnswerComesBackOnceOntoTheSameCase() throws Exception {
        mails(mail("Ada Lovelace <ada@example.com>", "<q-1@example.com>", null, "", "Parcel missing",
                "Order 17 never came.\nCan you look?"));
        List<ServiceCase> opened = casesOf(ada);
        assertEquals(1, opened.size());
        ServiceCase c = opened.get(0);
        assertEquals("Parcel missing", c.subject());
        assertEquals("email", c.channel());
        assertEquals("support", c.queue());
        InboundMessage question = comms.inbound.inbound(ada, 0, 1).get(0);
        CaseEntry first = f.cases.thread(c.id()).get(0);
        assertEquals(EntryKind.MESSAGE, first.kind());
        assertEquals("Order 17 never came.\nCan you look?", first.text());
        assertEquals(CaseInbound.CUSTOMER, first.author());
        assertEquals(Long.valueOf(question.id()), first.inboundId());

        CaseEntry reply = f.cases.reply(c.id(), "Dear {{firstName}}, it costs $1 <b>nothing</b>.", "agent1");
        assertEquals("queued", reply.delivery());
        assertNotNull(reply.messageId());
        assertEquals(1, comms.dispatch());
        CaseEntry sentReply = f.cases.thread(c.id()).get(1);
        assertEquals("the outcome reached the entry", "sent", sentReply.delivery());
        MimeMessage out = lastMail();
        assertEquals("ada@example.com", out.getAllRecipients()[0].toString());
        assertEquals("Re: Parcel missing", out.getSubject());
        assertEquals("<q-1@example.com>", out.getHeader("In-Reply-To", null));
        assertEquals("the reply's text is taken as it is", "Dear {{firstName}}, it costs $1 <b>nothing</b>.",
                out.getContent().toString().strip());
        String ownId = out.getMessageID();
        f.cases.transition(c.id(), CaseStatus.RESOLVED, "agent1");

        f.clock.advance(Duration.ofHours(1));
        mails(mail("ada@example.com", "<ooo-1@example.com>", ownId, "Auto-Submitted: auto-replied\n", "Away",
                "I am away until Monday."));
        assertEquals("an automatic reply neither opens nor reopens", CaseStatus.RESOLVED,
                f.cases.find(c.id()).orElseThrow().status());
        assertEquals(1, casesOf(ada).size());
        CaseEntry autoNote = f.cases.thread(c.id()).get(3);
        assertEquals(EntryKind.NOTE, autoNote.kind());
        assertTrue(autoNote.text(), autoNote.text().startsWith("An automatic reply came in from ada@example.com (Away)"));

        mails(mail("ada@example.com", "<a-1@example.com>", ownId, "References: <q-1@example.com> " + ownId + "\n",
                "Re: Parcel missing", "It did not arrive today either."));
        assertEquals("the answer is threaded onto the same case, not a new one", 1, casesOf(ada).size());
        assertEquals("and opens it again", CaseStatus.OPEN, f.cases.find(c.id()).orElseThrow().status());
        List<CaseEntry> thread = f.cases.thread(c.id());
        CaseEntry answer = thread.get(thread.size() - 1);
        assertEquals(EntryKind.MESSAGE, answer.kind());
        assertEquals("It did not arrive today either.", answer.text());

        InboundMessage again = comms.inbound.findInbound(answer.inboundId()).orElseThrow();
        desk.received(again);
        assertEquals("the same inbound message threads once", thread.size(), f.cases.thread(c.id()).size());

        CaseEntry second = f.cases.reply(c.id(), "We send a new parcel.", "agent1");
        comms.dispatch();
        assertEquals("the answer to the newest inbound message", "<a-1@example.com>",
                lastMail().getHeader("In-Reply-To", null));
        assertEquals("sent", f.cases.thread(c.id()).stream().filter(e -> e.id() == second.id()).findFirst()
                .orElseThrow().delivery());

        mails(mail("Carol <carol@example.com>", "<c-1@example.com>", null, "", "Hello", "Who are you?"));
        assertEquals("an unmatched sender opens no case", 1, f.cases.count(new CaseQuery(null, null, null, null)));
    }

    @Test
    public void aBlockedReplyIsRecordedAndAnAnswerToAClosedCaseOpensANewOneNamingIt() throws Exception {
        ServiceCase toBob = f.cases.open(new NewCase("Refund", bob, "email", null, "billing", null, "Where is it?"),
                "agent1");
        CaseEntry reply = f.cases.reply(toBob.id(), "Refunded today.", "agent1");
        // A message of someone else's with a look-alike reference settles nothing.
        Message forged = comms.messages.send(new SendRequest(ada, "email", CaseReplies.TEMPLATE, "service",
                java.util.Map.of("subject", "x", "text", "y"), CaseReplies.REFERENCE_PREFIX + reply.id() + "-forged"),
                "partner");
        assertEquals(2, comms.dispatch());
        List<CaseEntry> thread = f.cases.thread(toBob.id());
        CaseEntry blocked = thread.get(1);
        assertEquals("blocked", blocked.delivery());
        assertNotNull(blocked.deliveryReason());
        assertEquals(reply.messageId(), blocked.messageId());
        CaseEntry note = thread.get(2);
        assertEquals(EntryKind.NOTE, note.kind());
        assertTrue(note.text(), note.text().startsWith("Reply " + reply.id() + " was blocked by the consent gate"));
        assertEquals(3, thread.size());
        assertTrue(forged.id() != blocked.messageId());

        ServiceCase c = f.cases.open(new NewCase("Invoice", ada, "email", null, null, null, "Wrong address"), "agent1");
        CaseEntry fixed = f.cases.reply(c.id(), "Fixed.", "agent1");
        comms.dispatch();
        String ownId = lastMail().getMessageID();
        desk.received(new InboundMessage(9001, "email", "mailer-daemon@mx.example.com", null, "Undelivered", "5.2.2 "
                + "mailbox full", "<dsn-9@mx.example.com>", null, List.of(), fixed.messageId(), f.clock.instant(),
                InboundKind.BOUNCE));
        List<CaseEntry> bounced = f.cases.thread(c.id());
        assertEquals("A bounce came back for a reply of this case from mailer-daemon@mx.example.com (Undelivered):\n"
                + "5.2.2 mailbox full", bounced.get(bounced.size() - 1).text());
        f.cases.transition(c.id(), CaseStatus.CLOSED, "agent1");
        mails(mail("ada@example.com", "<a-2@example.com>", ownId, "", "Re: Invoice", "Still wrong."));
        List<ServiceCase> ofAda = casesOf(ada);
        assertEquals("a closed case stays closed; a new one is opened", 2, ofAda.size());
        assertEquals(CaseStatus.CLOSED, f.cases.find(c.id()).orElseThrow().status());
        ServiceCase next = ofAda.get(0);
        assertEquals("Re: Invoice", next.subject());
        List<CaseEntry> nextThread = f.cases.thread(next.id());
        assertEquals("Still wrong.", nextThread.get(0).text());
        assertEquals("The customer answered closed case " + c.id() + "; this case follows it.", nextThread.get(1).text());
        // An SMS opens a phone case named by its first words; with openCasesFromInbound off, nothing opens.
        InboundMessage sms = new InboundMessage(9002, "sms", "+44 20 7946 0018", ada, null, "Hi there, my router is "
                + "broken again since this morning and nothing loads", "gw-1", null, List.of(), null, f.clock.instant(),
                InboundKind.MESSAGE);
        new CaseInbound(new CaseServiceImpl(db.emf("rapport-service"), f.contacts, f.interactions, f.engine, f.ledger,
                ServiceFixture.config(java.util.Map.of("openCasesFromInbound", false)), f.clock), f.files).received(sms);
        assertEquals(2, casesOf(ada).size());
        desk.received(sms);
        ServiceCase bySms = casesOf(ada).get(0);
        assertEquals("Hi there, my router is broken again since this morning and...", bySms.subject());
        assertEquals("phone", bySms.channel());
        assertNull(f.cases.thread(c.id()).stream().filter(e -> e.kind() == EntryKind.MESSAGE && e.inboundId() != null)
                .findFirst().orElse(null));
    }

    @Test
    public void aMailWhoseSenderFailsAuthenticationIsNoContactsAndOnlyANoteOnTheCaseItAnswers() throws Exception {
        ServiceCase c = f.cases.open(new NewCase("Invoice", ada, "email", null, null, null, "Wrong address"), "agent1");
        f.cases.reply(c.id(), "Fixed.", "agent1");
        comms.dispatch();
        String ownId = lastMail().getMessageID();
        f.cases.transition(c.id(), CaseStatus.RESOLVED, "agent1");
        mails(mail("ada@example.com", "<forged-1@evil.example>", ownId, "Authentication-Results: mx.shop.example; "
                + "spf=fail smtp.mailfrom=evil.example; dmarc=fail header.from=example.com\n", "Re: Invoice",
                "Please send the refund to IBAN XX00 0000."),
                mail("ada@example.com", "<forged-2@evil.example>", null, "Authentication-Results: mx.shop.example; "
                + "dmarc=fail\nAuthentication-Results: mx.shop.example; dmarc=pass\n", "New bank details",
                "Use my new account."));
        assertEquals("no case opened, none reopened", 1, casesOf(ada).size());
        assertEquals(CaseStatus.RESOLVED, f.cases.find(c.id()).orElseThrow().status());
        List<CaseEntry> thread = f.cases.thread(c.id());
        CaseEntry note = thread.get(thread.size() - 1);
        assertEquals(EntryKind.NOTE, note.kind());
        assertEquals("A message claiming to come from ada@example.com failed sender authentication (dmarc=fail) and "
                + "was not taken as the customer's:\nPlease send the refund to IBAN XX00 0000.", note.text());
        List<InboundMessage> unmatched = comms.inbound.inbound(null, 0, 10);
        assertTrue(unmatched.stream().allMatch(m -> m.contactId() == null && "dmarc=fail".equals(m.unauthenticated())));
        assertEquals(2, unmatched.size());
        assertEquals("nothing of it on Ada's timeline", 0, f.interactions.timeline(ada, null, 0, 50).stream()
                .filter(i -> i.type().equals("message") && i.direction().equals("inbound")).count());

        // Unauthenticated mail claiming to be Bob, naming Ada's case: nothing lands on her case.
        int entries = f.cases.thread(c.id()).size();
        mails(mail("bob@example.com", "<forged-3@evil.example>", ownId, "Authentication-Results: mx.shop.example; "
                + "dmarc=fail header.from=example.com\n", "Re: Invoice", "Bob writes on Ada's case"),
                mail("bob@example.com", "<forged-4@evil.example>", ownId, "Auto-Submitted: auto-replied\n",
                "Out of office", "Bob is away"));
        assertEquals("no note from another contact's address", entries, f.cases.thread(c.id()).size());
        assertTrue(f.cases.thread(c.id()).stream().noneMatch(e -> e.text().contains("Bob")));
        mails(mail("ada@example.com", "<ooo-1@example.com>", ownId, "Auto-Submitted: auto-replied\n", "Out of office",
                "Ada is away"));
        assertTrue("her own automatic reply is a note", f.cases.thread(c.id()).get(entries).text().contains("Ada is away"));
    }

    @Test
    public void aMailsAllowedFilesAreKeptSafelyNamedTheOthersNamedInANoteAndErasureTakesThem() throws Exception {
        String boundary = "b-42";
        mails(mail("ada@example.com", "<files-1@example.com>", null, "MIME-Version: 1.0\nContent-Type: multipart/mixed; "
                + "boundary=\"" + boundary + "\"\n", "Broken screen", "--" + boundary + "\nContent-Type: text/plain\n\n"
                + "Photos and invoice attached.\n--" + boundary + "\nContent-Type: application/pdf; name=\"x.pdf\"\n"
                + "Content-Disposition: attachment; filename=\"../../etc/.Invoice <42>.pdf\"\n"
                + "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--" + boundary + "\nContent-Type: "
                + "application/x-msdownload\nContent-Disposition: attachment; filename=\"fix.exe\"\n\nMZ\n--" + boundary
                + "\nContent-Type: image/png\nContent-Disposition: attachment; filename=\"huge.png\"\n"
                + "Content-Transfer-Encoding: base64\n\n" + "A".repeat(3000) + "\n--" + boundary + "--"));
        ServiceCase c = casesOf(ada).get(0);
        List<CaseEntry> thread = f.cases.thread(c.id());
        assertEquals("Photos and invoice attached.", thread.get(0).text());
        List<CaseAttachments.Info> kept = f.files.list(c.id());
        assertEquals(1, kept.size());
        CaseAttachments.Info pdf = kept.get(0);
        assertEquals("no path, no leading dot, no markup", "Invoice _42_.pdf", pdf.name());
        assertEquals("application/pdf", pdf.contentType());
        assertEquals(thread.get(0).id(), pdf.entryId());
        assertEquals("%PDF-1.4\n", new String(f.files.find(c.id(), pdf.id()).orElseThrow().content(),
                java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue("only within its own case", f.files.find(c.id() + 1, pdf.id()).isEmpty());
        assertEquals("Attachments of the customer's message not kept: fix.exe (application/x-msdownload is not an "
                + "allowed type); huge.png (larger than 2000 bytes)", thread.get(1).text());
        assertEquals(java.util.Map.of("Content-Disposition", "attachment; filename=\"Invoice _42_.pdf\"; "
                + "filename*=UTF-8''Invoice%20_42_.pdf", "X-Content-Type-Options", "nosniff", "Content-Security-Policy",
                "sandbox", "Cache-Control", "no-store"), org.rapport.service.impl.rest.CasesResource.downloadHeaders(
                        pdf.name()));
        assertEquals("letters stay, controls and direction marks go", "r_sum\u00e9_.pdf",
                CaseAttachments.safeName("C:\\Users\\r\u0000sum\u00e9\u202e.pdf"));
        assertEquals("attachment", CaseAttachments.safeName("..."));

        // The agent's reply carries a file, held to the same settings, as an attachment of the mail.
        List<MessageAttachment> label = f.files.checked(List.of(new MessageAttachment("../label.pdf", "application/pdf",
                "%PDF-label".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        CaseEntry reply = f.cases.reply(c.id(), "The return label.", label, "agent1");
        assertEquals("kept with the reply, in its transaction", List.of(reply.id()), f.files.list(c.id()).stream()
                .filter(a -> a.name().equals("label.pdf")).map(CaseAttachments.Info::entryId).toList());
        assertEquals(1, comms.dispatch());
        jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) lastMail().getContent();
        assertEquals("The return label.", parts.getBodyPart(0).getContent().toString().strip());
        assertEquals("label.pdf", parts.getBodyPart(1).getFileName());
        assertTrue(parts.getBodyPart(1).isMimeType("application/pdf"));
        assertEquals("%PDF-label", new String(parts.getBodyPart(1).getInputStream().readAllBytes(),
                java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(List.of("Invoice _42_.pdf", "label.pdf"), f.files.list(c.id()).stream()
                .map(CaseAttachments.Info::name).toList());
        assertEquals("attachments[0]: 'application/x-msdownload' is not an allowed type; one of application/pdf, "
                + "image/png, image/jpeg, image/gif, text/plain, text/csv", org.junit.Assert.assertThrows(
                        org.rapport.service.api.CaseValidationException.class, () -> f.files.checked(List.of(
                                new MessageAttachment("fix.exe", "application/x-msdownload", new byte[1])))).getMessage());

        new ServiceErasure(db.emf("rapport-service"), f.ledger, f.cases).erase(ada);
        assertTrue(f.files.list(c.id()).isEmpty());
    }

    /**
     * The outbox sends at most 10 files and 10 MiB of them together: a reply asking for more is
     * refused before anything is written, naming {@code attachments}, and never shows files that
     * did not leave; a reply refused for another reason keeps none of its files.
     */
    @Test
    public void aReplysFilesOverWhatTheOutboxSendsAreRefusedUpFrontAndARefusedReplyKeepsNone() {
        CaseAttachments generous = new CaseAttachments(db.emf("rapport-service"), ServiceFixture.config(java.util.Map.of(
                "maxAttachments", 20, "maxAttachmentBytes", 5 << 20)));
        ServiceCase c = f.cases.open(new NewCase("Manuals", ada, "email", null, null, null, "Can you send the manuals?"),
                "agent1");
        List<MessageAttachment> eleven = java.util.stream.IntStream.range(0, 11).mapToObj(i -> new MessageAttachment(
                "page" + i + ".pdf", "application/pdf", new byte[10])).toList();
        List<MessageAttachment> twelveMiB = java.util.stream.IntStream.range(0, 3).mapToObj(i -> new MessageAttachment(
                "manual" + i + ".pdf", "application/pdf", new byte[4 << 20])).toList();

        org.rapport.service.api.CaseValidationException tooMany = org.junit.Assert.assertThrows(
                org.rapport.service.api.CaseValidationException.class, () -> generous.checked(eleven));
        org.rapport.service.api.CaseValidationException tooLarge = org.junit.Assert.assertThrows(
                org.rapport.service.api.CaseValidationException.class, () -> generous.checked(twelveMiB));

        assertEquals(java.util.Map.of("attachments", "at most 10 files, not 11"), tooMany.fieldErrors());
        assertEquals(java.util.Map.of("attachments", "the files together are 12582912 bytes, more than the 10485760 a "
                + "reply carries"), tooLarge.fieldErrors());
        assertEquals(2, generous.checked(twelveMiB.subList(0, 2)).size());

        f.cases.transition(c.id(), CaseStatus.CLOSED, "agent1");
        List<MessageAttachment> one = generous.checked(List.of(new MessageAttachment("a.pdf", "application/pdf", new byte[3])));
        org.junit.Assert.assertThrows(org.rapport.service.api.CaseValidationException.class,
                () -> f.cases.reply(c.id(), "Here they are.", one, "agent1"));
        assertTrue(f.files.list(c.id()).isEmpty());
        assertEquals(0, comms.messages.count(ada, null));
    }

    /** The reply's REST body has room for the most files a reply carries, in Base64, with the longest text. */
    @Test
    public void aReplysBodyLimitHoldsTheMostFilesAReplyCarries() throws Exception {
        long base64 = 4L * ((MessageAttachment.MAX_BYTES + 2) / 3);
        long text = 6L * 10000;
        long limit = org.rapport.service.impl.rest.CasesResource.class.getMethod("reply", String.class,
                org.rapport.service.impl.rest.CasesResource.ReplyIn.class, javax.ws.rs.core.SecurityContext.class)
                .getAnnotation(org.rapport.rest.RequestLimit.class).bytes();
        assertTrue(limit + " holds " + (base64 + text), limit > base64 + text + 10 * 1000);
        assertTrue("within the API's bound for such methods (16 MiB as shipped)", limit <= 16L << 20);
    }

    /**
     * A mail with a file that never reached the desk (its node stopped first) and is read again
     * opens its case with the file then; read once more, it is on the case once, with one file.
     */
    @Test
    public void aMailsFileIsKeptWhenTheMailIsReadAgainAfterTheDeskMissedIt() throws Exception {
        String withFile = mail("ada@example.com", "<again-1@example.com>", null, "MIME-Version: 1.0\nContent-Type: "
                + "multipart/mixed; boundary=\"b\"\n", "Receipt", "--b\nContent-Type: text/plain\n\nMy receipt.\n--b\n"
                + "Content-Type: application/pdf\nContent-Disposition: attachment; filename=\"receipt.pdf\"\n"
                + "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b--");
        deskAway.set(true);
        mails(withFile);
        assertTrue("the desk never took it", casesOf(ada).isEmpty());

        mails(withFile, withFile);

        List<ServiceCase> opened = casesOf(ada);
        assertEquals(1, opened.size());
        List<CaseEntry> thread = f.cases.thread(opened.get(0).id());
        assertEquals(1, thread.size());
        assertEquals("My receipt.", thread.get(0).text());
        List<CaseAttachments.Info> kept = f.files.list(opened.get(0).id());
        assertEquals(List.of("receipt.pdf"), kept.stream().map(CaseAttachments.Info::name).toList());
        assertEquals(thread.get(0).id(), kept.get(0).entryId());
        assertEquals("one message in the log", 1, comms.inbound.inbound(ada, 0, 10).size());
    }
}
