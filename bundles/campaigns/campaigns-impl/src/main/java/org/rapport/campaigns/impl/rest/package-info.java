/**
 * The campaigns' REST resources: {@code /api/v1/campaigns} (with a test of a variant to the caller's
 * own address, {@code POST /api/v1/campaigns/{id}/tests}), and the public paths of the links in
 * campaign messages, {@code /api/v1/unsubscribe/{token}} and {@code /api/v1/track/open|click/{token}}.
 */
package org.rapport.campaigns.impl.rest;
