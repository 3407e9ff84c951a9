/**
 * Contacts over HTTP, for agents and partner systems: {@code /api/v1/contacts} (CRUD, search,
 * timeline, interactions, import and export) and {@code /api/v1/jobs/{id}} (import jobs).
 */
package org.rapport.contacts.impl.rest;
