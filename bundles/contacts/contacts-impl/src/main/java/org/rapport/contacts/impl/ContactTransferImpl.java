package org.rapport.contacts.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.FlushModeType;
import javax.persistence.PersistenceException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.ContactTransfer;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.ImportOptions;
import org.rapport.contacts.api.ImportReport;
import org.rapport.contacts.api.ImportReport.State;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.persistence.Transactions;
import org.rapport.rest.CsvCells;
import org.rapport.rest.security.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** CSV import and CSV/JSON export of contacts, with Apache Commons CSV. */
@Component(service = ContactTransfer.class)
public class ContactTransferImpl implements ContactTransfer {

    static final int BATCH = 500;
    private static final int LOOKUP = 50;
    private static final int EXPORT_PAGE = 1000;
    private static final Pattern QUOTED = Pattern.compile("'([^'\\n]*)'");
    private static final Pattern SHORTENED = Pattern.compile("… \\(\\d+ characters\\)$");
    private static final Logger LOG = LoggerFactory.getLogger(ContactTransferImpl.class);

    private final EntityManagerFactory emf;
    private final ContactProperties properties;
    private final Clock clock;

    /** Owners are checked against the users when the user directory is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UserService users;

    /** Outside a container: with the property definitions stored in the same database. */
    public ContactTransferImpl(EntityManagerFactory emf) {
        this(emf, new ContactPropertiesImpl(emf), Clock.systemUTC());
    }

    @Activate
    public ContactTransferImpl(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf,
            @Reference ContactProperties properties) {
        this(emf, properties, Clock.systemUTC());
    }

    ContactTransferImpl(EntityManagerFactory emf, ContactProperties properties, Clock clock) {
        this.emf = emf;
        this.properties = properties;
        this.clock = clock;
        // Imports still running when the server stopped were cut short; the same import resumes them.
        Transactions.inTransaction(emf, em -> em.createQuery("update ImportJobEntity j set j.state = :interrupted "
                + "where j.state = :running").setParameter("interrupted", State.INTERRUPTED)
                .setParameter("running", State.RUNNING).executeUpdate());
    }

    /** A row that passed validation, waiting for its batch. */
    private record Row(long number, ContactDetails details) {
    }

    @Override
    public ImportReport importCsv(Path file, ImportOptions options, Progress progress) throws IOException {
        String hash = sha256(file);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                        .setIgnoreEmptyLines(true).setTrim(true).build().parse(reader)) {
            Map<String, PropertyDefinition> defined = new HashMap<>();
            properties.definitions().forEach(d -> defined.put(d.name(), d));
            CsvColumns columns = CsvColumns.of(parser.getHeaderNames(), options.mapping(), defined);
            String key = (options.dryRun() ? "dry;" : "") + (options.updateExisting() ? "update;" : "keep;")
                    + columns.describe();
            ImportJobEntity resumed = options.dryRun() ? null : resumable(hash, key).orElse(null);
            ImportRun run;
            String jobId;
            if (resumed != null) {
                run = resumed.restore();
                jobId = resumed.id();
                long after = run.lastRow;
                Transactions.inTransaction(emf, em -> {
                    em.find(ImportJobEntity.class, jobId).resume(after);
                    return null;
                });
                LOG.info("Import of {} resumes after row {}", file, after);
            } else {
                run = new ImportRun();
                jobId = UUID.randomUUID().toString();
                ImportJobEntity created = new ImportJobEntity(jobId, file.toString(), hash, key, options.dryRun(), now());
                Transactions.inTransaction(emf, em -> {
                    em.persist(created);
                    return null;
                });
            }
            progress.started(jobId);
            try {
                read(parser, columns, options, run, jobId, progress);
                finish(jobId, run, State.DONE, null);
            } catch (RuntimeException e) {
                // A malformed file (an unclosed quote...) stops the import; the rows before it are stored.
                String problem = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                finish(jobId, run, State.FAILED, "row " + (run.lastRow + 1) + " or after: " + problem);
            }
            return importJob(jobId).orElseThrow();
        }
    }

    private void read(CSVParser parser, CsvColumns columns, ImportOptions options, ImportRun run, String jobId,
            Progress progress) {
        long skipTo = run.lastRow;
        List<Row> batch = new ArrayList<>(BATCH);
        long last = skipTo;
        try {
            for (CSVRecord record : parser) {
                long number = record.getRecordNumber() + 1;
                if (number <= skipTo) {
                    continue;
                }
                last = number;
                run.rows++;
                try {
                    batch.add(new Row(number, ContactServiceImpl.details(columns.read(record), properties, users, null)));
                } catch (ContactValidationException e) {
                    e.fieldErrors().forEach((field, reason) -> run.fail(number, columns.heading(field),
                            withoutValues(reason, record)));
                }
                if (batch.size() == BATCH) {
                    store(batch, number, columns, options, run, jobId);
                    progress.rows(run.rows);
                }
            }
        } catch (RuntimeException unreadable) {
            // The rows read before the file broke are good: keep them.
            store(batch, last, columns, options, run, jobId);
            throw unreadable;
        }
        store(batch, last, columns, options, run, jobId);
        progress.rows(run.rows);
    }

    /** Stores a batch and the import's progress in one transaction; row by row if the batch fails. */
    private void store(List<Row> batch, long lastRow, CsvColumns columns, ImportOptions options, ImportRun run,
            String jobId) {
        long before = run.created;
        long beforeUpdated = run.updated;
        long beforeUnchanged = run.unchanged;
        try {
            Transactions.inTransaction(emf, em -> {
                apply(em, batch, columns, options, run);
                run.lastRow = lastRow;
                if (!options.dryRun()) {
                    em.find(ImportJobEntity.class, jobId).progress(run);
                }
                return null;
            });
        } catch (PersistenceException e) {
            run.created = before;
            run.updated = beforeUpdated;
            run.unchanged = beforeUnchanged;
            for (Row row : batch) {
                try {
                    Transactions.inTransaction(emf, em -> {
                        apply(em, List.of(row), columns, options, run);
                        return null;
                    });
                } catch (PersistenceException rowFailure) {
                    // The database's message quotes the row's values: the report and the log name the row only.
                    LOG.warn("Import {}: row {} could not be stored ({})", jobId, row.number(), rootCause(rowFailure));
                    run.fail(row.number(), columns.heading("email"), "the row could not be stored (" + rootCause(rowFailure)
                            + "); the other rows were");
                }
            }
            run.lastRow = lastRow;
            Transactions.inTransaction(emf, em -> {
                em.find(ImportJobEntity.class, jobId).progress(run);
                return null;
            });
        }
        batch.clear();
    }

    private void apply(EntityManager em, List<Row> rows, CsvColumns columns, ImportOptions options, ImportRun run) {
        if (rows.isEmpty()) {
            return;
        }
        // Addresses are looked up LOOKUP at a time: Derby probes the index for a short IN list but
        // scans the whole table for a long one. The rows of this batch are known here, so the
        // lookups do not flush, and the inserts go to the database in batches.
        Map<String, ContactEntity> existing = new HashMap<>();
        Map<Long, Contact> stored = new HashMap<>();
        List<String> emails = rows.stream().map(r -> r.details().email()).distinct().toList();
        for (int from = 0; from < emails.size(); from += LOOKUP) {
            List<ContactEntity> found = em.createQuery("select c from ContactEntity c where c.email in :emails",
                    ContactEntity.class).setFlushMode(FlushModeType.COMMIT)
                    .setParameter("emails", emails.subList(from, Math.min(emails.size(), from + LOOKUP))).getResultList();
            found.forEach(c -> existing.put(c.email(), c));
            ContactRows.withDetails(em, found, FlushModeType.COMMIT).forEach(c -> stored.put(c.id(), c));
        }
        Set<Long> accounts = accounts(em, rows);
        Instant now = now();
        for (Row row : rows) {
            ContactEntity contact = existing.get(row.details().email());
            ContactDetails details = contact == null ? row.details() : columns.onto(stored.get(contact.id()), row.details());
            if (contact != null && contact.mergedInto() != null) {
                run.fail(row.number(), columns.heading("email"), "the contact with this address was merged into contact "
                        + contact.mergedInto() + "; import the row with that contact's address");
            } else if (details.accountId() != null && !accounts.contains(details.accountId())) {
                run.fail(row.number(), columns.heading("accountId"), "there is no account " + details.accountId());
            } else if (contact == null) {
                run.created++;
                if (!options.dryRun()) {
                    contact = new ContactEntity(details, now);
                    em.persist(contact);
                    long id = contact.id();
                    details.tags().forEach(tag -> em.persist(new ContactTagEntity(id, tag)));
                    details.properties().forEach((name, value) -> em.persist(new ContactPropertyEntity(id, name, value)));
                    existing.put(details.email(), contact);
                    stored.put(id, contact.toDto(details.tags(), details.properties()));
                }
            } else {
                Contact before = stored.get(contact.id());
                if (!options.updateExisting() || contact.same(details, before.tags(), before.properties())) {
                    run.unchanged++;
                } else {
                    run.updated++;
                    if (!options.dryRun()) {
                        contact.apply(details, now);
                        ContactServiceImpl.replaceTags(em, contact.id(), details.tags());
                        ContactServiceImpl.replaceProperties(em, contact.id(), details.properties());
                        stored.put(contact.id(), contact.toDto(details.tags(), details.properties()));
                    }
                }
            }
        }
    }

    /** Which of the accounts the rows name exist. */
    private static Set<Long> accounts(EntityManager em, List<Row> rows) {
        List<Long> named = rows.stream().map(r -> r.details().accountId()).filter(Objects::nonNull).distinct().toList();
        if (named.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(em.createQuery("select a.id from AccountEntity a where a.id in :ids", Long.class)
                .setFlushMode(FlushModeType.COMMIT).setParameter("ids", named).getResultList());
    }

    private void finish(String jobId, ImportRun run, State state, String problem) {
        Transactions.inTransaction(emf, em -> {
            ImportJobEntity job = em.find(ImportJobEntity.class, jobId);
            job.progress(run);
            job.end(state, now(), problem);
            return null;
        });
    }

    private Optional<ImportJobEntity> resumable(String hash, String key) {
        return Transactions.read(emf, em -> em.createQuery("select j from ImportJobEntity j where j.fileHash = :hash "
                + "and j.options = :key and j.state in :unfinished order by j.startedAt desc", ImportJobEntity.class)
                .setParameter("hash", hash).setParameter("key", key)
                .setParameter("unfinished", List.of(State.INTERRUPTED, State.RUNNING)).setMaxResults(1)
                .getResultList().stream().findFirst());
    }

    @Override
    public Optional<ImportReport> importJob(String id) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(ImportJobEntity.class, id))
                .map(ImportJobEntity::toReport));
    }

    @Override
    public List<ImportReport> importJobs(int limit) {
        return Transactions.read(emf, em -> em.createQuery(
                "select j from ImportJobEntity j order by j.startedAt desc, j.id desc", ImportJobEntity.class)
                .setMaxResults(Math.max(1, Math.min(limit, 200))).getResultList().stream()
                .map(ImportJobEntity::toReport).toList());
    }

    @Override
    public void exportCsv(Writer out) throws IOException {
        List<String> headings = new ArrayList<>(List.of("id"));
        headings.addAll(FIELDS);
        List<String> defined = properties.definitions().stream().map(PropertyDefinition::name).toList();
        headings.addAll(defined);
        // Every cell through CsvCells: names, tags and properties come from agents, imports and forms,
        // and the file is opened in spreadsheets.
        CsvCells.writeRecord(out, headings);
        forEachContact(c -> {
            try {
                List<Object> cells = new ArrayList<>(List.of(c.id(), c.email()));
                Address a = c.address();
                cells.addAll(Arrays.asList(c.firstName(), c.lastName(), c.phone(), c.language(),
                        c.preferredChannel() == null ? null : c.preferredChannel().label(), String.join(";", c.tags()),
                        a.street(), a.locality(), a.region(), a.postalCode(), a.country(), c.owner(), c.accountId()));
                defined.forEach(name -> {
                    Object value = c.properties().get(name);
                    cells.add(value == null ? null : ContactPropertyEntity.text(value));
                });
                CsvCells.writeRecord(out, cells);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        out.flush();
    }

    @Override
    public void exportJson(Writer out) throws IOException {
        out.write('[');
        boolean[] first = {true};
        forEachContact(c -> {
            try {
                out.write(first[0] ? "\n" : ",\n");
                first[0] = false;
                out.write(ContactJson.write(c));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        out.write("\n]\n");
        out.flush();
    }

    private void forEachContact(Consumer<Contact> each) throws IOException {
        long after = -1;
        while (true) {
            long from = after;
            List<Contact> page = Transactions.read(emf, em -> ContactRows.withDetails(em, em.createQuery(
                    "select c from ContactEntity c where c.id > :after and c.mergedInto is null order by c.id", ContactEntity.class)
                    .setParameter("after", from).setMaxResults(EXPORT_PAGE).getResultList()));
            if (page.isEmpty()) {
                return;
            }
            try {
                page.forEach(each);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            after = page.get(page.size() - 1).id();
        }
    }

    /**
     * A refused row's reason without the row's values: the report is served to every agent
     * (`GET /jobs/{id}`) and kept after the person is erased, so it says which row, which column
     * and why, and never what the cell held.
     */
    static String withoutValues(String reason, CSVRecord record) {
        List<String> cells = new ArrayList<>();
        record.forEach(cell -> {
            if (cell != null && !cell.isBlank()) {
                cells.add(cell.toLowerCase(Locale.ROOT));
            }
        });
        // Every check quotes what it refused: the cell, or a part of it (one tag of a list, a normalised address).
        Matcher quoted = QUOTED.matcher(reason);
        StringBuilder text = new StringBuilder();
        while (quoted.find()) {
            // A long value is quoted by its start only (ContactDetails.shown): match that start.
            String value = SHORTENED.matcher(quoted.group(1)).replaceFirst("").toLowerCase(Locale.ROOT);
            boolean fromRow = value.length() >= 2 && cells.stream().anyMatch(c -> c.contains(value));
            quoted.appendReplacement(text, fromRow ? "the value" : Matcher.quoteReplacement(quoted.group()));
        }
        quoted.appendTail(text);
        return text.toString();
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
