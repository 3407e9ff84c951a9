-- The resolution clock stops while a case waits on the customer (pending): when it started waiting,
-- the time it has waited in all, and whether its resolution target counts business or calendar hours.
ALTER TABLE SERVICE_CASE ADD COLUMN PENDING_SINCE TIMESTAMP;
ALTER TABLE SERVICE_CASE ADD COLUMN PAUSED_MILLIS BIGINT;
ALTER TABLE SERVICE_CASE ADD COLUMN RESOLUTION_CLOCK VARCHAR(10);
