/** {@code /api/v1/loyalty}: purchases and member standing over HTTP, for agents and partner systems. */
package org.rapport.loyalty.impl.rest;
