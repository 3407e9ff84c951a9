/**
 * The platform's job runner: a capability declares a kind of long work as a {@link org.rapport.jobs.JobKind}
 * service (its pages from a cursor), and the {@link org.rapport.jobs.JobRunner} runs it one at a time across
 * the cluster, resumable, taken over from a node that died, with its progress in one shape for REST and the shell.
 */
@Export
@Version("2.0.0")
package org.rapport.jobs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
