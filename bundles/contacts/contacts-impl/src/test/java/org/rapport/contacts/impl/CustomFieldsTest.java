package org.rapport.contacts.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rapport.contacts.api.Account;
import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.ImportOptions;
import org.rapport.contacts.api.ImportReport;
import org.rapport.contacts.api.NewAccount;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.contacts.api.PropertyType;
import org.rapport.rest.ApiException;
import org.rapport.rest.security.User;
import org.rapport.rest.security.UserService;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Addresses, owners, accounts and custom properties: checked, stored, searched, imported and exported. */
@Category(UsesDatabase.class)
public class CustomFieldsTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-contacts");
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private ContactPropertiesImpl properties;
    private ContactServiceImpl contacts;
    private AccountServiceImpl accounts;
    private ContactTransferImpl transfer;

    @Before
    public void setUp() {
        properties = new ContactPropertiesImpl(db.emf());
        contacts = new ContactServiceImpl(db.emf(), properties);
        accounts = new AccountServiceImpl(db.emf());
        transfer = new ImportsOnRunner(db, properties).transfer;
        properties.define(new PropertyDefinition("birthDate", "Date of birth", PropertyType.DATE));
        properties.define(new PropertyDefinition("lifetimeValue", null, PropertyType.NUMBER));
        properties.define(new PropertyDefinition("segment", "Segment", PropertyType.CHOICE, List.of("retail", "trade")));
        properties.define(new PropertyDefinition("newsletter", null, PropertyType.BOOLEAN));
    }

    private static NewContact ada(Map<String, Object> values) {
        return new NewContact("ada@example.com", "Ada", "Lovelace", null, null, null, null, null, null, null, values);
    }

    private static Map<String, String> refusal(Runnable call) {
        try {
            call.run();
        } catch (ContactValidationException e) {
            return e.fieldErrors();
        }
        throw new AssertionError("not refused");
    }

    @Test
    public void propertyValuesAreStoredInTheirTypes() {
        Contact ada = contacts.create(ada(Map.of("birthDate", "1815-12-10", "lifetimeValue", "1200.50",
                "segment", "TRADE", "newsletter", "yes")));

        Contact read = contacts.find(ada.id()).orElseThrow();
        assertEquals(LocalDate.of(1815, 12, 10), read.properties().get("birthDate"));
        assertEquals(new BigDecimal("1200.5"), read.properties().get("lifetimeValue"));
        assertEquals("trade", read.properties().get("segment"));
        assertEquals(Boolean.TRUE, read.properties().get("newsletter"));
        assertEquals(ada, read);
    }

    @Test
    public void anUnknownPropertyOrAWrongTypeIsRefusedByNameAndNothingIsStored() {
        Map<String, String> errors = refusal(() -> contacts.create(ada(Map.of("shoeSize", 42, "birthDate", "10/12/1815",
                "lifetimeValue", "lots", "segment", "barter", "newsletter", "maybe"))));

        assertEquals(Set.of("properties.shoeSize", "properties.birthDate", "properties.lifetimeValue",
                "properties.segment", "properties.newsletter"), errors.keySet());
        assertTrue(errors.get("properties.birthDate"), errors.get("properties.birthDate").contains("not a date"));
        assertTrue(errors.get("properties.segment"), errors.get("properties.segment").contains("[retail, trade]"));
        assertEquals(0, contacts.count());
    }

    @Test
    public void addressOwnerAndAccountAreChecked() {
        contacts.users(users("maria"));
        Map<String, String> errors = refusal(() -> contacts.create(new NewContact("ada@example.com", null, null, null,
                null, null, null, new Address(null, null, null, null, "England"), "nobody", 42L, null)));
        assertEquals(Set.of("address.country", "owner", "accountId"), errors.keySet());

        Map<String, String> hostile = refusal(() -> accounts.create(new NewAccount("Ac\u0000me", "x".repeat(10_000),
                "Retail\u001b[2J", new Address("1\nHigh St", null, null, null, null), "no body")));
        assertEquals(Set.of("name", "domain", "industry", "address.street", "owner"), hostile.keySet());
        assertTrue(hostile.get("domain"), hostile.get("domain").length() < 200);

        Account acme = accounts.create(new NewAccount("Acme", "http://www.Acme.example/about", null, null, "maria"));
        Contact ada = contacts.create(new NewContact("ada@example.com", null, null, null, null, null, null,
                new Address(" 12 St James's Square ", "London", null, "SW1Y 4LB", "gb"), "maria", acme.id(), null));
        assertEquals("acme.example", acme.domain());
        assertEquals(new Address("12 St James's Square", "London", null, "SW1Y 4LB", "GB"), ada.address());
        assertEquals("12 St James's Square, SW1Y 4LB London, GB", ada.address().oneLine());
        assertEquals(List.of(ada), accounts.contacts(acme.id(), 0, 10));
        ContactValidationException inUse = assertThrows("an account with contacts was removed",
                ContactValidationException.class, () -> accounts.delete(acme.id()));
        assertTrue(inUse.conflict());
        ContactValidationException sameDomain = assertThrows("a second account with the same domain",
                ContactValidationException.class,
                () -> accounts.create(new NewAccount("Acme Ltd", "acme.example", null, null, null)));
        assertTrue(sameDomain.getMessage(), sameDomain.getMessage().contains("domain"));
    }

    @Test
    public void contactsAreFoundByPropertyOwnerAndAccount() {
        Account acme = accounts.create(new NewAccount("Acme", null, null, null, null));
        contacts.create(ada(Map.of("birthDate", "1815-12-10", "lifetimeValue", 1200)).withAccount(acme.id()));
        contacts.create(new NewContact("grace@example.com", "Grace", "Hopper", null, null, null, null, null, "maria", null,
                Map.of("birthDate", "1906-12-09", "lifetimeValue", "99.99", "segment", "retail")));

        assertEquals(List.of("ada@example.com"), emails("prop:lifetimeValue>1000"));
        assertEquals(List.of("grace@example.com"), emails("prop:lifetimeValue<=99.99"));
        assertEquals(List.of("ada@example.com", "grace@example.com"), emails("prop:birthDate<1950-01-01"));
        assertEquals(List.of("grace@example.com"), emails("prop:segment=Retail"));
        assertEquals(List.of("grace@example.com"), emails("owner:maria"));
        assertEquals(List.of("ada@example.com"), emails("account:" + acme.id() + " ada"));
        IllegalArgumentException e = assertThrows("a choice compared with >", IllegalArgumentException.class,
                () -> contacts.search("prop:segment>retail", 0, 10));
        assertTrue(e.getMessage(), e.getMessage().contains("'=' only"));
    }

    private List<String> emails(String query) {
        return contacts.search(query, 0, 10).stream().map(Contact::email).toList();
    }

    @Test
    public void aTypeCannotChangeAndAHeldChoiceCannotGo() {
        contacts.create(ada(Map.of("segment", "trade")));

        assertTrue(refusal(() -> properties.define(new PropertyDefinition("segment", null, PropertyType.TEXT)))
                .containsKey("type"));
        assertTrue(refusal(() -> properties.define(new PropertyDefinition("segment", null, PropertyType.CHOICE,
                List.of("retail")))).containsKey("choices"));
        assertTrue(refusal(() -> properties.define(new PropertyDefinition("Bad Name", null, PropertyType.TEXT)))
                .containsKey("name"));
        properties.define(new PropertyDefinition("segment", "Market", PropertyType.CHOICE, List.of("retail", "trade", "online")));
        assertEquals("Market", properties.definition("segment").orElseThrow().label());

        assertEquals(1, properties.remove("segment"));
        assertEquals(Optional.empty(), properties.definition("segment"));
        assertEquals(Map.of(), contacts.find(contacts.list(0, 1).get(0).id()).orElseThrow().properties());
    }

    @Test
    public void anImportFillsPropertiesAndAddressAndChangesOnlyItsColumns() throws IOException {
        Account acme = accounts.create(new NewAccount("Acme", null, null, null, null));
        Contact ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace", "+44 20 7946 0001", null,
                null, Set.of("vip"), null, null, null, Map.of("segment", "trade")));
        Path file = temp.newFile().toPath();
        Files.writeString(file, """
                Email,City,Country,Date of birth,Account
                ada@example.com,London,GB,1815-12-10,%d
                grace@example.com,Arlington,US,09/12/1906,
                katherine@example.com,Hampton,US,1918-08-26,999999
                """.formatted(acme.id()), StandardCharsets.UTF_8);

        ImportReport report = transfer.importCsv(file, ImportOptions.defaults(), done -> { });

        assertEquals(report.toString(), 1, report.updated());
        assertEquals(report.toString(), 2, report.failed());
        assertEquals("row 3, column Date of birth: the value is not a date such as 1990-04-23",
                report.errors().get(0).toString());
        assertEquals("row 4, column Account: there is no account 999999", report.errors().get(1).toString());
        Contact updated = contacts.find(ada.id()).orElseThrow();
        assertEquals("what the file has no column for stays", "+442079460001", updated.phone());
        assertEquals(Set.of("vip"), updated.tags());
        assertEquals(Map.of("segment", "trade", "birthDate", LocalDate.of(1815, 12, 10)), updated.properties());
        assertEquals(new Address(null, "London", null, null, "GB"), updated.address());
        assertEquals(acme.id(), (long) updated.accountId());

        StringWriter csv = new StringWriter();
        transfer.exportCsv(csv);
        String[] lines = csv.toString().split("\r\n");
        assertEquals("\"id\",\"email\",\"firstName\",\"lastName\",\"phone\",\"language\",\"preferredChannel\",\"tags\","
                + "\"street\",\"locality\",\"region\",\"postalCode\",\"country\",\"owner\",\"accountId\",\"timeZone\",\"birthDate\","
                + "\"lifetimeValue\",\"newsletter\",\"segment\"", lines[0]);
        assertEquals("\"" + ada.id() + "\",\"ada@example.com\",\"Ada\",\"Lovelace\",\"+442079460001\",,,\"vip\",,\"London\",,,"
                + "\"GB\",,\"" + acme.id() + "\",,\"1815-12-10\",,,\"trade\"", lines[1]);
    }

    private static UserService users(String... names) {
        return new UserService() {
            @Override
            public List<User> list() {
                return List.of();
            }

            @Override
            public Optional<User> find(String name) {
                return List.of(names).contains(name) ? Optional.of(new User(name, Set.of("agent"))) : Optional.empty();
            }

            @Override
            public User create(String name, String password, Set<String> roles) {
                throw ApiException.conflict("a directory of names only");
            }

            @Override
            public void setPassword(String name, String password) {
                throw ApiException.conflict("a directory of names only");
            }

            @Override
            public User setRoles(String name, Set<String> roles) {
                throw ApiException.conflict("a directory of names only");
            }

            @Override
            public void delete(String name) {
                throw ApiException.conflict("a directory of names only");
            }
        };
    }
}
