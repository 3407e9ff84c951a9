/**
 * {@code /api/v1/segments} and {@code /api/v1/contacts/{id}/segments}.
 */
package org.rapport.segments.impl.rest;
