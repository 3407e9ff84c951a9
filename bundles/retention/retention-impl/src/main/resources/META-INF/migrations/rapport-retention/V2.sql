-- A customer's retention tasks, found by the customer
CREATE INDEX IX_RETENTION_TASK_CONTACT ON RETENTION_TASK (CONTACT_ID, ID);
