package org.rapport.contacts.impl;

import java.util.ArrayList;
import java.util.List;

import org.rapport.contacts.api.ImportReport;
import org.rapport.contacts.api.ImportReport.RowError;

/** The counts of an import as it runs. */
final class ImportRun {
    long lastRow;
    long rows;
    long created;
    long updated;
    long unchanged;
    long failed;
    final List<RowError> errors = new ArrayList<>();

    void fail(long row, String column, String reason) {
        failed++;
        if (errors.size() < ImportReport.MAX_ERRORS) {
            errors.add(new RowError(row, column, reason));
        }
    }
}
