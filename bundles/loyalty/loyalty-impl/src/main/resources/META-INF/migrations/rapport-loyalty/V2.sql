-- Tier re-evaluation runs on the platform's job runner (JOB_RUN): former jobs stay to be read
UPDATE LOYALTY_REEVALUATION SET STATE = 'FAILED',
    ERROR = 'stopped by the move to the platform''s job runner; start a new re-evaluation' WHERE STATE IN ('RUNNING', 'INTERRUPTED');
