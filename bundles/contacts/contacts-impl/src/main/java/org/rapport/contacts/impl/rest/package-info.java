/** {@code /api/v1/contacts}: contacts over HTTP, for agents and partner systems. */
package org.rapport.contacts.impl.rest;
