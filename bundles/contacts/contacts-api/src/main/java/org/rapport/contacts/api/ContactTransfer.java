package org.rapport.contacts.api;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Contacts in and out of Rapport in bulk: CSV import with a report per row, CSV and JSON export. */
@ProviderType
public interface ContactTransfer {

    /**
     * The fields a CSV column can fill, besides custom properties ({@code properties.<name>}, or a
     * heading that is the property's name or label). Tags are separated by ';' or '|' within
     * their cell; the address parts fill {@link Contact#address()}.
     */
    List<String> FIELDS = List.of("email", "firstName", "lastName", "phone", "language", "preferredChannel", "tags",
            "street", "locality", "region", "postalCode", "country", "owner", "accountId", "timeZone");

    /** The prefix of a field that is a custom property: {@code properties.birthDate}. */
    String PROPERTY_PREFIX = "properties.";

    /**
     * Imports a CSV file (UTF-8, a heading row first). Good rows are stored a batch at a time,
     * each row whole or not at all; a bad row is reported by its row number, column and reason
     * and the import goes on. A row for a stored contact changes only the fields the file has
     * columns for; an empty cell clears its field. An import of the same file with the same options that was cut
     * short (a crash, a restart) resumes after its last stored batch.
     *
     * @param progress told the number of data rows done after each batch
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the heading has no email column or a mapping names an
     *         unknown field or column
     */
    ImportReport importCsv(Path file, ImportOptions options, Progress progress) throws IOException;

    /** An import, running or ended, by id. */
    Optional<ImportReport> importJob(String id);

    /** The latest imports, running or ended, newest first. */
    List<ImportReport> importJobs(int limit);

    /**
     * Writes every contact as CSV with the headings of {@link #FIELDS}, an {@code id} first and a
     * column per custom property (headed by its name), so the file imports again as it is.
     */
    void exportCsv(Writer out) throws IOException;

    /** Writes every contact as a JSON array. */
    void exportJson(Writer out) throws IOException;

    /** How far a long-running transfer has got. */
    @FunctionalInterface
    interface Progress {
        /** The import has its id (once the heading is read and the job is stored). */
        default void started(String importId) {
        }

        void rows(long done);
    }
}
