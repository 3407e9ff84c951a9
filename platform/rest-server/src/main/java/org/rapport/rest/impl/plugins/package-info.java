/**
 * The plugins installed in the server: bundles that provide the capability
 * {@code org.rapport.plugin} with what they need (personal data, outbound channels, rule
 * packages, REST paths), shown to administrators as soon as they are installed
 * ({@code plugins:list}, {@code plugins:show}, {@code GET /api/v1/plugins}).
 */
package org.rapport.rest.impl.plugins;
