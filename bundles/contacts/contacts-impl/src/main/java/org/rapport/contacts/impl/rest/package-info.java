/**
 * Contacts over HTTP, for agents and partner systems: {@code /api/v1/contacts} (CRUD, search,
 * timeline, interactions, import and export; an import is followed as a job at {@code /api/v1/jobs/{id}}).
 */
package org.rapport.contacts.impl.rest;
