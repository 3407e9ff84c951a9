package org.rapport.service.impl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.communication.api.InboundKind;
import org.rapport.communication.api.InboundMessage;
import org.rapport.communication.api.InboundService;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.NewContact;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.ServiceCase;

/**
 * An agent turns a message of communication's inbound log that opened no case (its sender matched
 * no contact, or {@code openCasesFromInbound} is false) into a case in one step: the contact is the
 * one the message matched, the one the agent picks ({@code contactId}), or one created with the
 * sender's address as its email (only for a sender that failed no authentication and is an email
 * address, and picked instead when a contact has that address by now); the case opens with the message as its
 * first entry, as the customer's ({@code customer}), in a queue the agent sees. A message is on one
 * case only: asked again, the case it is on is answered ({@link Opened#created()} false).
 */
@Component(service = InboundCases.class)
public class InboundCases {

    /** What the agent says of the case to open and of the contact to create, if one is created. */
    public record Request(Long contactId, String firstName, String lastName, String subject, String priority,
            String queue, String assignee) {
    }

    /** The case the message is on, and whether it was opened now. */
    public record Opened(ServiceCase details, boolean created, boolean contactCreated) {
    }

    /** The message is on a case the viewer may not see: a conflict, without the case's number. */
    public static final class Taken extends CaseValidationException {
        private static final long serialVersionUID = 1L;

        Taken(long inboundId) {
            super(Map.of("inboundId", "inbound message " + inboundId + " is on a case already"));
        }
    }

    /** There is no such inbound message. */
    public static final class Missing extends CaseValidationException {
        private static final long serialVersionUID = 1L;

        Missing(long inboundId) {
            super(Map.of("inboundId", "there is no inbound message " + inboundId));
        }
    }

    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"]{1,64}@[^@\\s<>\"]{1,255}");

    private final CaseServiceImpl cases;
    private final InboundService inbound;
    private final ContactService contacts;
    private final CaseAttachments files;

    @Activate
    public InboundCases(@Reference CaseServiceImpl cases, @Reference InboundService inbound,
            @Reference ContactService contacts, @Reference CaseAttachments files) {
        this.cases = cases;
        this.inbound = inbound;
        this.contacts = contacts;
        this.files = files;
    }

    /**
     * Opens a case from inbound message {@code inboundId} for {@code viewer}, or answers the case it
     * is on. Refused naming each field at fault, nothing written; a message that does not exist is
     * not found (field {@code inboundId}); the case it is on, in a queue the viewer does not see,
     * is a refusal naming {@code inboundId} without its number.
     */
    public Opened open(long inboundId, Request request, Viewer viewer, String actor) {
        Request r = request == null ? new Request(null, null, null, null, null, null, null) : request;
        InboundMessage m = inbound.findInbound(inboundId).orElseThrow(() -> new Missing(inboundId));
        Optional<Long> on = cases.caseOfInbound(inboundId);
        if (on.isPresent()) {
            return new Opened(visibleOrTaken(on.get(), inboundId, viewer), false, false);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (m.kind() != InboundKind.MESSAGE) {
            errors.put("inboundId", "inbound message " + inboundId + " is " + (m.kind() == InboundKind.BOUNCE
                    ? "a bounce" : "an automatic reply") + ", not a customer's message");
        }
        // A queue the agent may not see is refused by the case's checks below, as one that does not exist.
        Set<String> hidden = cases.access().hidden(viewer);
        String queue = r.queue() == null || r.queue().isBlank() ? null : r.queue().strip();
        Long contactId = r.contactId();
        boolean create = false;
        if (m.contactId() != null && contactId != null && !m.contactId().equals(contactId)) {
            errors.put("contactId", "inbound message " + inboundId + " came from contact " + m.contactId()
                    + "; leave contactId out or give that one");
        } else if (m.contactId() != null) {
            contactId = m.contactId();
        } else if (contactId != null) {
            if (contacts.find(contactId).isEmpty()) {
                errors.put("contactId", "there is no contact " + contactId);
            }
        } else if (m.unauthenticated() != null) {
            errors.put("contactId", "the sender of inbound message " + inboundId + " failed sender authentication ("
                    + m.unauthenticated() + "): its address is not taken as a contact's; give the contactId of the "
                    + "contact it is from");
        } else if (m.from() == null || !EMAIL.matcher(m.from().strip()).matches()) {
            errors.put("contactId", "inbound message " + inboundId + " came by " + m.channel()
                    + " from no email address to create a contact with; give the contactId of the contact it is from");
        } else {
            create = true;
        }
        NewCase draft = new NewCase(r.subject() == null || r.subject().isBlank() ? CaseInbound.subject(m) : r.subject(),
                null, cases.replies().caseChannel(m.channel()), r.priority(), queue, r.assignee(),
                CaseInbound.text(m, cases.maxText()));
        try {
            cases.check(draft, hidden);
        } catch (CaseValidationException e) {
            e.fieldErrors().forEach(errors::putIfAbsent);
        }
        if (!errors.isEmpty()) {
            throw new CaseValidationException(errors);
        }
        boolean created = false;
        if (create) {
            String email = m.from().strip();
            Optional<Contact> known = byEmail(email);
            if (known.isPresent()) {
                contactId = known.get().id();
            } else {
                try {
                    contactId = contacts.create(new NewContact(email, blankToNull(r.firstName()),
                            blankToNull(r.lastName()))).id();
                    created = true;
                } catch (ContactValidationException e) {
                    Optional<Contact> raced = e.conflict() ? byEmail(email) : Optional.empty();
                    if (raced.isEmpty()) {
                        Map<String, String> named = new LinkedHashMap<>();
                        e.fieldErrors().forEach((field, why) -> named.put("email".equals(field) ? "from" : field, why));
                        throw new CaseValidationException(named);
                    }
                    contactId = raced.get().id();
                }
            }
        }
        NewCase newCase = new NewCase(draft.subject(), contactId, draft.channel(), draft.priority(), draft.queue(),
                draft.assignee(), draft.message());
        try {
            // Files a mail was read with are not on the log: the case has those the message still carries (none).
            ServiceCase c = cases.open(newCase, CaseInbound.CUSTOMER, hidden, inboundId,
                    files.sort(m.attachments()).kept());
            cases.note(c.id(), "Opened by " + actor + " from inbound message " + inboundId + " (" + m.channel()
                    + ", from " + m.from() + ").", CaseReplies.AUTHOR);
            return new Opened(c, true, created);
        } catch (RuntimeException e) {
            Optional<Long> raced = cases.caseOfInbound(inboundId);
            if (raced.isPresent()) {
                return new Opened(visibleOrTaken(raced.get(), inboundId, viewer), false, created);
            }
            throw e;
        }
    }

    private ServiceCase visibleOrTaken(long caseId, long inboundId, Viewer viewer) {
        return cases.find(caseId).filter(c -> cases.access().sees(viewer.name(), viewer.roles(), c.queue()))
                .orElseThrow(() -> new Taken(inboundId));
    }

    private Optional<Contact> byEmail(String email) {
        List<Contact> found = contacts.search(email, 0, 20);
        return found.stream().filter(c -> c.email() != null && c.email().equalsIgnoreCase(email)).findFirst();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
