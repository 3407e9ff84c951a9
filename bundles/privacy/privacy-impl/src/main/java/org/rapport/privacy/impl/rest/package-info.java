/**
 * {@code /api/v1/contacts/{id}/consents} and {@code /api/v1/privacy}: consent over HTTP, the
 * gate for partner systems, and the record of blocked actions.
 */
package org.rapport.privacy.impl.rest;
