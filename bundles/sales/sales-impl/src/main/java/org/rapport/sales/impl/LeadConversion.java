package org.rapport.sales.impl;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;

import org.rapport.contacts.api.Account;
import org.rapport.contacts.api.AccountService;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewAccount;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.persistence.Transactions;
import org.rapport.sales.api.Conversion;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.LeadStatus;
import org.rapport.sales.api.NewOpportunity;
import org.rapport.sales.api.Opportunity;
import org.rapport.sales.api.SalesValidationException;

/**
 * Converting a lead: its contact is the one it is linked to, else the one its email or phone
 * matches now, else a new one made of its name, email and phone; a company it names becomes the
 * contact's account (an account of that name, else a new one) when the contact has none; an
 * opportunity is opened for the contact, and the lead, marked converted, points at both. The
 * lead's capture and the opening go on the contact's timeline, and consent the lead was captured
 * with is recorded for the contact.
 */
final class LeadConversion {

    private final EntityManagerFactory emf;
    private final ContactService contacts;
    private final AccountService accounts;
    private final InteractionService interactions;
    private final LeadConsents consents;
    private final Pipeline pipeline;
    private final int defaultCloseDays;
    private final Clock clock;

    LeadConversion(EntityManagerFactory emf, ContactService contacts, AccountService accounts,
            InteractionService interactions, LeadConsents consents, Pipeline pipeline, int defaultCloseDays, Clock clock) {
        this.emf = emf;
        this.contacts = contacts;
        this.accounts = accounts;
        this.interactions = interactions;
        this.consents = consents;
        this.pipeline = pipeline;
        this.defaultCloseDays = defaultCloseDays;
        this.clock = clock;
    }

    /** The contact a lead converts to, and whether the conversion created it. */
    private record Linked(Contact contact, boolean created) {
    }

    Conversion convert(long leadId, BigDecimal amount, String currency, LocalDate expectedClose, String actor) {
        Lead lead = Transactions.read(emf, em -> Optional.ofNullable(em.find(LeadEntity.class, leadId))
                .map(LeadEntity::toLead)).orElseThrow(() -> SalesValidationException.notFound("lead", leadId));
        convertible(lead);
        LocalDate close = expectedClose != null ? expectedClose
                : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(defaultCloseDays);
        NewOpportunity wanted = new NewOpportunity(lead.company() == null ? lead.name() : lead.company(), null,
                amount == null ? BigDecimal.ZERO : amount, currency, null, close, lead.owner(), null);
        // The opportunity's terms are checked before any contact or account is made.
        Map<String, String> errors = pipeline.terms(wanted, actor);
        if (!errors.isEmpty()) {
            throw new SalesValidationException(errors);
        }
        Linked linked = contact(lead);
        Long accountId = account(lead, linked.contact());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String[] pending = new String[1];
        Conversion conversion = Transactions.inTransaction(emf, em -> {
            LeadEntity e = SalesServiceImpl.locked(em, leadId);
            convertible(e.toLead());
            Opportunity opened = pipeline.open(em, new NewOpportunity(wanted.name(), linked.contact().id(),
                    wanted.amount(), wanted.currency(), null, close, wanted.owner(), null), leadId, actor);
            e.status = LeadStatus.CONVERTED.name();
            e.contactId = linked.contact().id();
            e.opportunityId = opened.id();
            e.updatedAt = now;
            pending[0] = e.pendingConsent;
            e.pendingConsent = null;
            return new Conversion(e.toLead(), linked.contact().id(), linked.created(), accountId, opened);
        });
        consents.record(linked.contact().id(), pending[0], SalesServiceImpl.consentSource(lead.form()), leadId, actor);
        timeline(conversion.lead());
        pipeline.timeline(conversion.opportunity(), "opened in stage " + conversion.opportunity().stage()
                + " from lead " + leadId, "opened");
        return conversion;
    }

    private static void convertible(Lead lead) {
        if (lead.status() != LeadStatus.OPEN && lead.status() != LeadStatus.QUALIFIED) {
            throw SalesValidationException.of("status", "lead " + lead.id() + " is " + lead.status().label()
                    + "; only an open or qualified lead is converted");
        }
    }

    private Linked contact(Lead lead) {
        if (lead.contactId() != null) {
            Optional<Contact> linked = contacts.find(lead.contactId());
            if (linked.isPresent() && linked.get().mergedInto() == null) {
                return new Linked(linked.get(), false);
            }
            if (linked.isPresent()) {
                return new Linked(contacts.find(linked.get().mergedInto()).orElseThrow(), false);
            }
        }
        Optional<Contact> match = ContactMatch.of(contacts, lead.email(), lead.phone());
        if (match.isPresent()) {
            return new Linked(match.get(), false);
        }
        if (lead.email() == null) {
            throw SalesValidationException.of("email", "lead " + lead.id() + " has no email address, which the contact "
                    + "its conversion creates needs; add one to the contact first, and link it by phone");
        }
        String name = lead.name().strip();
        int space = name.indexOf(' ');
        String first = space < 0 ? name : name.substring(0, space);
        String last = space < 0 ? null : name.substring(space + 1).strip();
        try {
            return new Linked(contacts.create(new NewContact(lead.email(), first, last, lead.phone(), null, null, null,
                    null, lead.owner(), null, null)), true);
        } catch (ContactValidationException e) {
            throw new SalesValidationException(new LinkedHashMap<>(e.fieldErrors()));
        }
    }

    /** The contact's account: the one it has, or the one the lead's company names (made when none has its name). */
    private Long account(Lead lead, Contact contact) {
        if (contact.accountId() != null || lead.company() == null) {
            return contact.accountId();
        }
        Account account = accounts.list(lead.company(), 0, 50).stream()
                .filter(a -> a.name().equalsIgnoreCase(lead.company())).findFirst()
                .orElseGet(() -> accounts.create(new NewAccount(lead.company(), null, null, null, lead.owner())));
        contacts.update(contact.id(), NewContact.of(contact).withAccount(account.id()));
        return account.id();
    }

    /** The lead's capture on the contact's timeline, so the contact's history starts where the lead's did. */
    private void timeline(Lead lead) {
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("leadId", Long.toString(lead.id()));
        payload.put("source", lead.source());
        if (lead.score() != null) {
            payload.put("score", lead.score().toString());
            payload.put("grade", String.valueOf(lead.grade()));
        }
        interactions.record(lead.contactId(), new NewInteraction(lead.form() == null ? "other" : "web", "inbound", "lead",
                lead.createdAt(), "Lead from " + lead.source() + (lead.form() == null ? "" : " (form " + lead.form() + ")")
                        + ", converted", payload, lead.subject()), "sales");
    }
}
