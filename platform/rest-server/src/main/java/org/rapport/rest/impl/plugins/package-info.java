/**
 * The plugins installed in the server: bundles that provide the capability
 * {@code org.rapport.plugin} with what they need (personal data, outbound channels, rule
 * packages, REST paths), shown to administrators as soon as they are installed with what was
 * refused of them ({@code plugins:list}, {@code plugins:show}, {@code GET /api/v1/plugins}); and
 * the service hook that keeps a plugin's undeclared REST resources from the JAX-RS whiteboard.
 */
package org.rapport.rest.impl.plugins;
