/** {@code /api/v1/jobs}: every long job in one shape, started and cancelled by kind. */
package org.rapport.jobs.impl.rest;
