/** The service desk over HTTP: {@code /api/v1/cases}. */
package org.rapport.service.impl.rest;
