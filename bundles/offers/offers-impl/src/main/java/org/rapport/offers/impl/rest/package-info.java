/**
 * The offers' REST resources: the catalogue, {@code /api/v1/offers}, and a customer's offers and their
 * acceptance, {@code /api/v1/contacts/{id}/offers}.
 */
package org.rapport.offers.impl.rest;
