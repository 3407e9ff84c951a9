package org.rapport.service.impl.rest;

import java.util.function.Supplier;

import org.rapport.rest.ApiException;
import org.rapport.service.api.CaseValidationException;

/** A service-desk refusal as the API answers it: 404 for a case that does not exist, else 400 naming each field. */
final class CaseErrors {

    private CaseErrors() {
    }

    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (CaseValidationException e) {
            if (e.notFound()) {
                throw new ApiException(404, "not_found", e.fieldErrors().get("id"));
            }
            throw ApiException.invalid(e.fieldErrors());
        } catch (IllegalArgumentException e) {
            throw ApiException.refused(e);
        }
    }
}
