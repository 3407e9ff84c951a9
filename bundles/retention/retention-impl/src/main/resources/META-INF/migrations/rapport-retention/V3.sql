-- Sweeps run on the platform's job runner (JOB_RUN): former sweeps stay to be read
UPDATE RETENTION_SWEEP SET STATUS = 'FAILED',
    ERROR = 'stopped by the move to the platform''s job runner; start a new sweep' WHERE STATUS IN ('RUNNING', 'INTERRUPTED');
