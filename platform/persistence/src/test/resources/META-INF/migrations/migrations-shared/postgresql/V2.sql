-- Cards have a holder (PostgreSQL's own script: Derby has no IF NOT EXISTS here)
ALTER TABLE SHARED_CARD ADD COLUMN IF NOT EXISTS HOLDER VARCHAR(100);
