package org.rapport.sales.impl.rest;

import java.util.function.Supplier;

import org.rapport.rest.ApiException;
import org.rapport.sales.api.SalesValidationException;

/** A sales refusal as the API answers it: 404 for what does not exist, else 400 naming each field. */
final class SalesErrors {

    private SalesErrors() {
    }

    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (SalesValidationException e) {
            if (e.notFound()) {
                throw new ApiException(404, "not_found", e.fieldErrors().get("id"));
            }
            throw ApiException.invalid(e.fieldErrors());
        } catch (IllegalArgumentException e) {
            throw ApiException.refused(e);
        }
    }
}
