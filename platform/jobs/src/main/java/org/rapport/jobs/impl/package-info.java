/** The job runner's implementation: runs stored in {@code JOB_RUN}, under the cluster's locks. */
package org.rapport.jobs.impl;
