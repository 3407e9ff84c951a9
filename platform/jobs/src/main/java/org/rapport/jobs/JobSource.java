package org.rapport.jobs;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Long work that a capability runs itself rather than through the {@link JobRunner} (a contact
 * import reads its upload as it comes), shown beside the runner's jobs in {@code GET /api/v1/jobs}
 * and {@code jobs:list}. Registered as a service. Its jobs keep their own report, which names at
 * least {@code id}, {@code state}, {@code startedAt} and {@code finishedAt}.
 */
@ConsumerType
public interface JobSource {

    /** The kind of work, such as {@code contacts.import}. */
    String kind();

    /** The roles, besides the administrator's, that may see these jobs. */
    Set<String> roles();

    /** The newest jobs first, as reports written out as they are. */
    List<?> jobs(int limit);

    /** One job's report, by the id the source gave it; empty if it has none of that id. */
    Optional<?> job(String id);
}
