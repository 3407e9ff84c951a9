package org.rapport.contacts.impl.rest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.core.UriBuilder;

import org.rapport.contacts.api.ContactTransfer;
import org.rapport.contacts.api.ImportOptions;
import org.rapport.contacts.api.ImportReport;
import org.rapport.contacts.impl.ImportUploads;
import org.rapport.rest.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contacts in bulk, for {@link ContactsResource}: a CSV upload imported in the background (the
 * job is followed at {@code /jobs/{id}}), and every contact streamed as CSV or JSON.
 */
final class ContactTransfers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContactTransfers.class);
    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8.name());

    private final ContactTransfer transfer;
    private final ImportUploads uploads;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "rapport-contacts-import");
        thread.setDaemon(true);
        return thread;
    });

    ContactTransfers(ContactTransfer transfer, ImportUploads uploads) {
        this.transfer = transfer;
        this.uploads = uploads;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }

    /** Stores the CSV body and imports it in the background; a bad heading or mapping is a 400 at once. */
    Response importCsv(InputStream body, boolean dryRun, boolean keepExisting, List<String> mappings)
            throws IOException, InterruptedException {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String m : mappings) {
            int eq = m.lastIndexOf('=');
            if (eq < 1) {
                throw ApiException.invalid("map", "'" + m + "': write it as Heading=field");
            }
            mapping.put(m.substring(0, eq), m.substring(eq + 1));
        }
        Path file = uploads.store(body);
        CompletableFuture<String> started = new CompletableFuture<>();
        ImportOptions options = new ImportOptions(dryRun, mapping, !keepExisting);
        runner.execute(() -> {
            try {
                transfer.importCsv(file, options, new ContactTransfer.Progress() {
                    @Override
                    public void started(String importId) {
                        started.complete(importId);
                    }

                    @Override
                    public void rows(long done) {
                    }
                });
            } catch (IOException | RuntimeException e) {
                if (!started.completeExceptionally(e)) {
                    LOG.error("Import of upload {} failed: {}", file.getFileName(), e.getClass().getName());
                }
            } finally {
                uploads.release(file);
            }
        });
        String id;
        try {
            id = started.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw ApiException.invalid("(body)", bad.getMessage());
            }
            throw new IOException("the import could not start", e.getCause());
        } catch (TimeoutException e) {
            throw new ApiException(503, "busy", "another import is running; try again when it is done");
        }
        ImportReport job = transfer.importJob(id).orElseThrow();
        return Response.accepted(job).location(UriBuilder.fromPath("jobs/{id}").build(id)).build();
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
