package org.rapport.service.impl;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.communication.api.InboundKind;
import org.rapport.communication.api.InboundListener;
import org.rapport.communication.api.InboundMessage;
import org.rapport.communication.api.InboundService;
import org.rapport.service.api.CaseStatus;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.api.EntryKind;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.ServiceCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cases hear what comes in (communication's {@link InboundListener} whiteboard, listener
 * {@code service}). A customer's message from a matched contact that answers a reply of a case
 * (its {@code answers}, or an {@code In-Reply-To}/{@code References} naming Rapport's message) is
 * threaded onto that case, opening it again if it was pending or resolved; one answering a closed
 * case opens a new case that names it; any other opens a new case, unless
 * {@code openCasesFromInbound} is false. An automatic reply or a bounce of a case's reply is a note
 * on that case and never opens nor reopens one. A sender matched to no contact opens nothing (the
 * message stays on communication's inbound log). A reply to a satisfaction survey that starts with
 * a score is the survey's answer ({@link Surveys#scored}), only from an authenticated sender
 * (communication's {@code authenticated}: an aligned pass, a signed gateway). A mail whose sender
 * failed authentication (communication's {@code unauthenticated}) matches no contact: it opens
 * nothing, and one answering a case's reply is only a note on that case, when the case's contact is
 * the one its {@code From} claims; so is an automatic reply. The case a message answers is the one
 * of Rapport's message communication found by the id it stored ({@code answers}): Message-IDs are
 * random, so a mail cannot name another contact's case by guessing one. A customer's files are kept
 * with their entry as {@link CaseAttachments} allows, written with it in one transaction: a message
 * on a case has its files, and one handed on again (a mail read again with its files) is taken if
 * it is on none yet. Each inbound message is threaded once.
 */
@Component(property = InboundListener.NAME + "=service")
public class CaseInbound implements InboundListener {

    /** The author of what customers write in; entries keep no address of theirs. */
    static final String CUSTOMER = "customer";

    private static final Logger LOG = LoggerFactory.getLogger(CaseInbound.class);
    private static final int SUBJECT_WORDS = 60;
    private static final int PAGE = 200;

    private final CaseServiceImpl cases;
    private final CaseAttachments files;

    @Activate
    public CaseInbound(@Reference CaseServiceImpl cases, @Reference CaseAttachments files) {
        this.cases = cases;
        this.files = files;
    }

    /**
     * Communication's log is there (at start): a message the desk filed under a queue and then put on
     * no case (writing the case failed after the filing) is taken again as if it had just come in, so
     * that it gets its case and is filed under that case's queue.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindInbound(InboundService inbound) {
        retake(inbound);
    }

    void unbindInbound(InboundService inbound) {
        // Nothing is kept of it.
    }

    /**
     * Takes again each message the desk filed that is on no case, a page at a time; returns how many
     * are on none still. Such a message (the desk would not take it now) stays filed where it was, read
     * by the agents of that queue, who may open a case from it.
     */
    int retake(InboundService inbound) {
        int taken = 0;
        int left = 0;
        long after = 0;
        List<Long> page;
        do {
            page = inbound.filed(CaseFiling.KEEPER, after, PAGE);
            Set<Long> onCases = cases.threaded(page);
            for (long id : page) {
                if (onCases.contains(id)) {
                    continue;
                }
                try {
                    inbound.findInbound(id).ifPresent(this::received);
                } catch (RuntimeException e) {
                    LOG.error("Inbound message {}, filed by the service desk, could not be taken again: {}", id, e.toString());
                }
                if (cases.threaded(id)) {
                    taken++;
                } else {
                    left++;
                }
            }
            after = page.isEmpty() ? after : page.get(page.size() - 1);
        } while (page.size() == PAGE);
        if (taken + left > 0) {
            LOG.warn("Inbound messages filed by the service desk but on no case, taken again: {} now on a case, {} on "
                    + "none (they stay kept to the queue they were filed under)", taken, left);
        }
        return left;
    }

    @Override
    public void received(InboundMessage m) {
        if (cases.threaded(m.id())) {
            return;
        }
        Optional<ServiceCase> answered = cases.replies().caseOfMessages(answered(m)).flatMap(cases::find);
        try {
            if (m.unauthenticated() != null) {
                // Not the customer's words: the case hears of it as a note, and nothing opens or reopens.
                if (answered.isPresent() && claims(m, answered.get())) {
                    cases.fromInbound(answered.get().id(), EntryKind.NOTE, "A message claiming to come from " + m.from()
                            + " failed sender authentication (" + m.unauthenticated() + ") and was not taken as the "
                            + "customer's:\n" + text(m), CaseReplies.AUTHOR, m.id(), List.of());
                }
                return;
            }
            if (m.kind() == InboundKind.BOUNCE || m.kind() == InboundKind.AUTO_REPLY) {
                // A bounce comes from the recipient's mail server; an automatic reply from the customer.
                if (answered.isPresent() && (m.kind() == InboundKind.BOUNCE || claims(m, answered.get()))) {
                    cases.fromInbound(answered.get().id(), EntryKind.NOTE, (m.kind() == InboundKind.BOUNCE
                            ? "A bounce came back for a reply of this case from " : "An automatic reply came in from ")
                            + m.from() + (m.subject() == null ? "" : " (" + cut(oneLine(m.subject()), CaseInput.SUBJECT) + ")") + ":\n" + text(m),
                            CaseReplies.AUTHOR, m.id(), List.of());
                }
                return;
            }
            if (m.contactId() == null) {
                return;
            }
            Optional<Surveys.Scored> scored = Surveys.scored(m.text());
            // A survey's answer counts in the figures and the customer's feedback: only from a sender vouched for.
            if (scored.isPresent() && m.authenticated() && cases.surveys().answerByReply(answered(m), m.contactId(),
                    scored.get().score(), scored.get().comment(), m.id())) {
                return;
            }
            if (answered.isPresent() && m.contactId().equals(answered.get().contactId())) {
                ServiceCase c = answered.get();
                if (c.status() != CaseStatus.CLOSED) {
                    CaseAttachments.Sorted sorted = files.sort(m.attachments());
                    cases.fromInbound(c.id(), EntryKind.MESSAGE, text(m), CUSTOMER, m.id(), sorted.kept());
                    noteRefused(c.id(), sorted);
                    return;
                }
                ServiceCase next = open(m);
                cases.note(next.id(), "The customer answered closed case " + c.id() + "; this case follows it.",
                        CaseReplies.AUTHOR);
                cases.note(c.id(), "The customer wrote again after this case was closed: case " + next.id()
                        + " was opened.", CaseReplies.AUTHOR);
            } else if (cases.opensFromInbound()) {
                open(m);
            }
        } catch (CaseValidationException e) {
            LOG.warn("Inbound message {} is on no case: {}", m.id(), e.getMessage());
        }
    }

    private ServiceCase open(InboundMessage m) {
        CaseAttachments.Sorted sorted = files.sort(m.attachments());
        ServiceCase c = cases.open(new NewCase(subject(m), m.contactId(), cases.replies().caseChannel(m.channel()), null,
                null, null, text(m)), CUSTOMER, m.id(), sorted.kept());
        noteRefused(c.id(), sorted);
        return c;
    }

    /** A note naming the message's files not kept, and why. */
    private void noteRefused(long caseId, CaseAttachments.Sorted sorted) {
        if (!sorted.refused().isEmpty()) {
            cases.note(caseId, "Attachments of the customer's message not kept: " + String.join("; ", sorted.refused()),
                    CaseReplies.AUTHOR);
        }
    }

    /** Rapport's message the inbound message answers, as communication found it by the id it stored. */
    static List<Long> answered(InboundMessage m) {
        return m.answers() == null ? List.of() : List.of(m.answers());
    }

    /**
     * Whether the message's sender claims to be case {@code c}'s contact: its matched contact, or (for a
     * sender matched to nobody, one that failed authentication) the contact's email address as its From.
     */
    private boolean claims(InboundMessage m, ServiceCase c) {
        if (c.contactId() == null) {
            return false;
        }
        if (m.contactId() != null) {
            return m.contactId().equals(c.contactId());
        }
        return m.from() != null && cases.email(c.contactId()).filter(a -> a.equalsIgnoreCase(m.from().strip()))
                .isPresent();
    }

    /** The subject line, else the first words of the text, on one line of at most 200 characters. */
    static String subject(InboundMessage m) {
        String subject = oneLine(m.subject());
        if (subject.isEmpty()) {
            String words = oneLine(m.text());
            if (words.length() > SUBJECT_WORDS) {
                int cut = words.lastIndexOf(' ', SUBJECT_WORDS);
                words = words.substring(0, cut > SUBJECT_WORDS / 2 ? cut : SUBJECT_WORDS) + "...";
            }
            subject = words.isEmpty() ? "Message by " + m.channel() : words;
        }
        return cut(subject, CaseInput.SUBJECT);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
    }

    /** The text as an entry holds it: control characters but tabs and line breaks as spaces, cut to the longest entry. */
    private String text(InboundMessage m) {
        return text(m, cases.maxText());
    }

    /** The text of {@code m} as an entry holds it, for entries of at most {@code maxText} characters. */
    static String text(InboundMessage m, int maxText) {
        String text = m.text() == null ? "" : m.text().replaceAll("[\\p{Cntrl}&&[^\\t\\n\\r]]", " ").strip();
        if (text.isEmpty()) {
            return "(no text)";
        }
        // Room for what a note puts before the text (who sent it, its subject).
        return cut(text, Math.max(20, maxText - 500));
    }
}
