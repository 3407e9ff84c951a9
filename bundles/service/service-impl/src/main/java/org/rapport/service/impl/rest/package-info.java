/** The service desk over HTTP: {@code /api/v1/cases}, and the public survey links at {@code /api/v1/surveys}. */
package org.rapport.service.impl.rest;
