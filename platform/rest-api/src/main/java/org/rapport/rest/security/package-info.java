/**
 * Who may use Rapport: the people of the JAAS realm (shared by the shell, SSH and HTTP Basic)
 * with their roles, and the API keys of partner systems with their scopes.
 */
@Export
@Version("1.3.0")
package org.rapport.rest.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
