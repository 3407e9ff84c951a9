package org.rapport.rules.rest.impl;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.rapport.rest.FieldError;
import org.rapport.rules.api.Impact;
import org.rapport.rules.api.RuleRejectedException;
import org.rapport.rules.api.RulesEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Impact previews that run in the background, one at a time, so that a preview over every stored
 * customer can be followed while it runs. The most recent {@value #KEPT} jobs are kept in memory.
 */
final class PreviewJobs implements AutoCloseable {

    static final int KEPT = 50;
    private static final Logger LOG = LoggerFactory.getLogger(PreviewJobs.class);

    private final class Job {
        final String id = UUID.randomUUID().toString();
        final String rulePackage;
        final Instant submittedAt = clock.instant();
        final AtomicLong evaluated = new AtomicLong();
        volatile long total = -1;
        volatile PreviewJob.State state = PreviewJob.State.QUEUED;
        volatile Instant finishedAt;
        volatile Impact impact;
        volatile String error;
        volatile List<FieldError> problems = List.of();

        Job(String rulePackage) {
            this.rulePackage = rulePackage;
        }

        PreviewJob view() {
            return new PreviewJob(id, rulePackage, state, evaluated.get(), total, submittedAt, finishedAt, impact, error, problems);
        }
    }

    private final RulesEngine engine;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "rapport-rules-preview");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    PreviewJobs(RulesEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    /** Queues a preview of {@code files} against the package's active release. */
    synchronized PreviewJob submit(String rulePackage, Map<String, String> files) {
        Job job = new Job(rulePackage);
        jobs.put(job.id, job);
        forgetOld();
        runner.execute(() -> run(job, files));
        return job.view();
    }

    synchronized Optional<PreviewJob> find(String rulePackage, String id) {
        Job job = jobs.get(id);
        return job == null || !job.rulePackage.equals(rulePackage) ? Optional.empty() : Optional.of(job.view());
    }

    private void run(Job job, Map<String, String> files) {
        job.state = PreviewJob.State.RUNNING;
        try {
            job.impact = engine.preview(job.rulePackage, files, (done, total) -> {
                job.evaluated.set(done);
                job.total = total;
            });
            job.state = PreviewJob.State.DONE;
        } catch (RuleRejectedException e) {
            job.error = e.getMessage();
            job.problems = e.rejection().problems().stream().map(p -> new FieldError(p.location(), p.message())).toList();
            job.state = PreviewJob.State.FAILED;
        } catch (RuntimeException e) {
            LOG.error("Preview {} of rule package '{}' failed", job.id, job.rulePackage, e);
            job.error = String.valueOf(e.getMessage());
            job.state = PreviewJob.State.FAILED;
        } finally {
            job.finishedAt = clock.instant();
        }
    }

    /** Keeps the newest jobs; a running or queued one is never forgotten. */
    private void forgetOld() {
        List<String> finished = new ArrayList<>();
        jobs.forEach((id, job) -> {
            if (job.state == PreviewJob.State.DONE || job.state == PreviewJob.State.FAILED) {
                finished.add(id);
            }
        });
        for (int i = 0; i < finished.size() && jobs.size() > KEPT; i++) {
            jobs.remove(finished.get(i));
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
        try {
            runner.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
