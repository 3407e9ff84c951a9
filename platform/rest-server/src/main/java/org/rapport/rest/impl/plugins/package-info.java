/**
 * The plugins installed in the server: bundles that provide the capability
 * {@code org.rapport.plugin} with what they need (personal data, outbound channels, rule
 * packages, REST paths), shown to administrators as soon as they are installed with what was
 * refused of them ({@code plugins:list}, {@code plugins:show}, {@code GET /api/v1/plugins}); the
 * service hook that keeps a plugin's undeclared REST resources from the JAX-RS whiteboard; and
 * plugins that administrators upload as KAR files (the body, or a browser form's file read as a
 * stream by {@link org.rapport.rest.impl.plugins.MultipartForm}), read and shown before anything of them is
 * installed, then approved (installed by Karaf's KAR service) or rejected
 * ({@code /api/v1/plugins/uploads}, {@code /api/v1/plugins/archives}).
 */
package org.rapport.rest.impl.plugins;
