package org.rapport.contacts.impl.rest;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.ContactTransfer;
import org.rapport.contacts.api.ImportReport;
import org.rapport.jobs.JobSource;
import org.rapport.rest.Roles;

/**
 * Contact imports in {@code GET /api/v1/jobs} and {@code jobs/{id}}, each as its report. An import
 * reads its upload as it comes, so it is not a job of the runner, which works in pages from a cursor.
 * Partner keys that may import ({@code contacts:write}) follow their imports here.
 */
@Component(service = JobSource.class)
public class ImportJobs implements JobSource {

    private final ContactTransfer transfer;

    @Activate
    public ImportJobs(@Reference ContactTransfer transfer) {
        this.transfer = transfer;
    }

    @Override
    public String kind() {
        return "contacts.import";
    }

    @Override
    public Set<String> roles() {
        return Set.of(Roles.AGENT, Roles.ANALYST, Roles.PARTNER);
    }

    @Override
    public List<ImportReport> jobs(int limit) {
        return transfer.importJobs(limit);
    }

    @Override
    public Optional<ImportReport> job(String id) {
        return transfer.importJob(id);
    }
}
