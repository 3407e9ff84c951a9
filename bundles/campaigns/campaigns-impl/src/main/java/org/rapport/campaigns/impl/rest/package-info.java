/**
 * The campaigns' REST resources: {@code /api/v1/campaigns}, and the public paths of the links in
 * campaign messages, {@code /api/v1/unsubscribe/{token}} and {@code /api/v1/track/open|click/{token}}.
 */
package org.rapport.campaigns.impl.rest;
