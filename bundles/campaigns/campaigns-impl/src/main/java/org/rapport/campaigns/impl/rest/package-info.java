/** The campaigns' REST resources: {@code /api/v1/campaigns} and the public {@code /api/v1/unsubscribe/{token}}. */
package org.rapport.campaigns.impl.rest;
