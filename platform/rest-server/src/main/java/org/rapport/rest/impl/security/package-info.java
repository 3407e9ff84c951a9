/**
 * Who is calling and whether they may: HTTP Basic against the JAAS realm the shell and SSH use
 * (Rapport's, over the people in the database),
 * API keys for partner systems (hashed at rest, revoked at once), the access rule of each resource
 * method, rate limits per client address (behind the reverse proxies an administrator trusts,
 * {@link org.rapport.rest.impl.security.TrustedProxies}), and the administrator created at first start.
 */
package org.rapport.rest.impl.security;
