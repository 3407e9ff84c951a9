package org.rapport.itests;

import java.util.UUID;

import javax.inject.Inject;

import org.junit.Before;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.NewContact;

/** REST tests that each work on a contact of their own: Rest Tester, under an address nobody else has. */
public abstract class ContactTestSupport extends HttpTestSupport {

    @Inject
    protected ContactService contacts;

    protected long contactId;

    @Before
    public void aContact() {
        contactId = contacts.create(new NewContact("rest-" + UUID.randomUUID() + "@example.com", "Rest", "Tester")).id();
    }
}
