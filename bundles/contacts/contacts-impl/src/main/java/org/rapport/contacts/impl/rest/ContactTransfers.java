package org.rapport.contacts.impl.rest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

import org.rapport.contacts.api.ContactTransfer;
import org.rapport.contacts.api.ImportOptions;
import org.rapport.contacts.impl.ContactImports;
import org.rapport.jobs.JobRunningException;
import org.rapport.rest.ApiException;

/**
 * Contacts in bulk, for {@link ContactsResource}: a CSV upload handed in as an import job of the
 * platform's runner (followed at {@code /jobs/{id}}), and every contact streamed as CSV or JSON.
 */
final class ContactTransfers {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8.name());
    /** How long an upload waits for the import running before it, before the caller is asked to try again. */
    private static final Duration WAIT_FOR_TURN = Duration.ofSeconds(60);

    private final ContactTransfer transfer;
    private final ContactImports imports;

    ContactTransfers(ContactTransfer transfer, ContactImports imports) {
        this.transfer = transfer;
        this.imports = imports;
    }

    /**
     * Hands the CSV body in as an import. A bad heading or mapping, or a body that
     * is not UTF-8, is a 400 at once; a 503 when another import still runs after a minute.
     */
    ContactImports.Submitted importCsv(InputStream body, boolean dryRun, boolean keepExisting, List<String> mappings,
            String actor) throws IOException {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String m : mappings) {
            int eq = m.lastIndexOf('=');
            if (eq < 1) {
                throw ApiException.invalid("map", "'" + m + "': write it as Heading=field");
            }
            mapping.put(m.substring(0, eq), m.substring(eq + 1));
        }
        try {
            return imports.submit(body, "upload", new ImportOptions(dryRun, mapping, !keepExisting), actor, WAIT_FOR_TURN);
        } catch (JobRunningException running) {
            throw new ApiException(503, "busy", "another import is running; try again when it is done");
        } catch (IllegalArgumentException bad) {
            throw ApiException.invalid("(body)", bad.getMessage());
        }
    }

    /** Every contact, streamed: CSV with a heading row, or a JSON array. */
    Response export(String format) {
        String chosen = format == null ? "csv" : format;
        if (!chosen.equals("csv") && !chosen.equals("json")) {
            throw ApiException.invalid("format", "'" + format + "': csv or json");
        }
        StreamingOutput stream = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            if (chosen.equals("csv")) {
                transfer.exportCsv(writer);
            } else {
                transfer.exportJson(writer);
            }
            writer.flush();
        };
        return Response.ok(stream, chosen.equals("csv") ? CSV : MediaType.APPLICATION_JSON_TYPE)
                .header("Content-Disposition", "attachment; filename=\"contacts." + chosen + "\"").build();
    }
}
