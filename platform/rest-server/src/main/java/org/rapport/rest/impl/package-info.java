/**
 * The Rapport application on the OSGi JAX-RS whiteboard (Aries, on CXF), served at
 * {@code /api/v1}: Rapport's JSON ({@link org.rapport.rest.impl.JsonProvider}), one error format
 * ({@link org.rapport.rest.impl.ErrorMapper}), authentication and access checks
 * ({@link org.rapport.rest.impl.security.SecurityFilter}), request limits and response headers
 * ({@link org.rapport.rest.impl.HttpGuard}), every refusal in the audit log, shell commands a role
 * may not run included ({@link org.rapport.rest.impl.RefusalAudit},
 * {@link org.rapport.rest.impl.CommandRefusals}), Rapport's features installed and uninstalled by
 * administrators in the background ({@link org.rapport.rest.impl.FeaturesResource},
 * {@link org.rapport.rest.impl.Operations}), the health check and readiness
 * ({@link org.rapport.rest.impl.Readiness}, which also asks {@link org.rapport.rest.impl.ApiServing}
 * whether the application is being rebuilt) and the OpenAPI document generated
 * from the resource classes ({@link org.rapport.rest.impl.OpenApiResource}). The application requires its
 * extensions, so it is not served at all until the security filter is in place.
 */
package org.rapport.rest.impl;
