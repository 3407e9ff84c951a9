/**
 * The conventions every Rapport REST resource follows. A resource is a Declarative Services
 * component registered with the OSGi JAX-RS whiteboard and selecting the Rapport application
 * ({@link org.rapport.rest.RapportApi#APPLICATION_SELECT}), so it is served under
 * {@value org.rapport.rest.RapportApi#BASE_PATH} with Rapport's JSON, error format, authentication
 * and access checks. It says who may call each method with {@link org.rapport.rest.Access} (or
 * {@link org.rapport.rest.Public}); a method that says nothing is for administrators only. It
 * reports refusals by throwing {@link org.rapport.rest.ApiException}, and pages lists with
 * {@link org.rapport.rest.PageRequest} and {@link org.rapport.rest.Page}; it reads numbers and the
 * caller with {@link org.rapport.rest.Params}; it writes CSV with {@link org.rapport.rest.CsvCells}, so
 * that no cell is a formula a spreadsheet would run.
 */
@Export
@Version("1.5.0")
package org.rapport.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
