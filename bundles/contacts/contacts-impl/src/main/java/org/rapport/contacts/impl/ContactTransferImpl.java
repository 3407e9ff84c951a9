package org.rapport.contacts.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.ContactTransfer;
import org.rapport.contacts.api.ImportOptions;
import org.rapport.contacts.api.ImportReport;

/**
 * CSV import and CSV/JSON export of contacts, with Apache Commons CSV. An import is a job of the
 * platform's runner ({@link ContactImports}, {@link ImportPages}); {@link #importCsv} hands the file
 * in and follows its job to the end.
 */
@Component(service = ContactTransfer.class)
public class ContactTransferImpl implements ContactTransfer {

    /** How long an import handed in here waits for the import running before it. */
    private static final Duration WAIT_FOR_TURN = Duration.ofHours(24);

    private final ContactImports imports;
    private final ContactExport export;

    @Activate
    public ContactTransferImpl(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf,
            @Reference ContactProperties properties, @Reference ContactImports imports) {
        this.imports = imports;
        this.export = new ContactExport(emf, properties);
    }

    @Override
    public ImportReport importCsv(Path file, ImportOptions options, Progress progress) throws IOException {
        ContactImports.Submitted submitted;
        try (InputStream in = Files.newInputStream(file)) {
            submitted = imports.submit(in, file.toString(), options, null, WAIT_FOR_TURN);
        }
        progress.started(submitted.report().id());
        try {
            return imports.await(submitted.report().id(), progress::rows);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped following import " + submitted.report().id() + " (job "
                    + submitted.job().id() + "), which goes on");
        }
    }

    @Override
    public Optional<ImportReport> importJob(String id) {
        return imports.report(id);
    }

    @Override
    public List<ImportReport> importJobs(int limit) {
        return imports.reports(limit);
    }

    @Override
    public void exportCsv(Writer out) throws IOException {
        export.csv(out);
    }

    @Override
    public void exportJson(Writer out) throws IOException {
        export.json(out);
    }
}
