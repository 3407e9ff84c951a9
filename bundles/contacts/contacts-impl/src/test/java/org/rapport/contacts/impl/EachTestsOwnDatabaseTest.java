package org.rapport.contacts.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.persistence.EntityManagerFactory;

import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.runners.MethodSorters;
import org.rapport.contacts.api.NewContact;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * The persistence units are deployed once for the tests of a JVM (platform/testing), yet each test
 * starts on a database of its own exactly as the first: no rows, the same schema versions, and the
 * same first ids (none of the ids the unit preallocated for the test before; an identity column's
 * first on a database created from the first one's backup).
 */
@Category(UsesDatabase.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class EachTestsOwnDatabaseTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-contacts");

    private static EntityManagerFactory firstUnit;
    private static long firstId;
    private static long firstVersions;
    private static long firstEventId;

    @Test
    public void aFirstTestLeavesAContactBehind() throws SQLException {
        firstUnit = db.emf();
        firstVersions = versions();
        firstId = aContactOnAnEmptyDatabase();
        firstEventId = anEventId();
    }

    @Test
    public void bTheNextStartsAsTheFirstDid() throws SQLException {
        assertSame("the unit deployed for the first test is the next one's", firstUnit, db.emf());
        assertEquals("schema versions", firstVersions, versions());
        assertEquals("the first id, as on the first test's database", firstId, aContactOnAnEmptyDatabase());
        assertEquals("the first id of an identity column", firstEventId, anEventId());
    }

    private long aContactOnAnEmptyDatabase() throws SQLException {
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf());
        assertEquals("contacts before", 0, contacts.count());
        assertEquals("rows of CONTACT in plain SQL", 0, count("select count(*) from CONTACT"));
        return contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
    }

    /** The id the database gives a row of DOMAIN_EVENT (an identity column) after the contact's event. */
    private long anEventId() throws SQLException {
        assertEquals("domain events before: the contact's", 1, count("select count(*) from DOMAIN_EVENT"));
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into DOMAIN_EVENT (EVENT_ID, TYPE, CONTACT_ID, OCCURRED_AT, DATA) "
                    + "values ('e1', 'contact.created', 1, 0, '{}')");
        }
        return count("select max(ID) from DOMAIN_EVENT");
    }

    private long versions() throws SQLException {
        return count("select count(*) from SCHEMA_VERSION");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
