-- Contact imports run as jobs of the platform's runner: an import keeps its job's id, the mapping and
-- the rows counted as it was handed in, and its upload, in parts, until it ends (any node may go on with it).
ALTER TABLE CONTACT_IMPORT ADD COLUMN JOB_ID BIGINT;
ALTER TABLE CONTACT_IMPORT ADD COLUMN MAPPING VARCHAR(4000);
ALTER TABLE CONTACT_IMPORT ADD COLUMN TOTAL_ROWS BIGINT;
CREATE INDEX IX_CONTACT_IMPORT_JOB ON CONTACT_IMPORT (JOB_ID);
CREATE TABLE CONTACT_IMPORT_PART (IMPORT_ID VARCHAR(36) NOT NULL, SEQ INTEGER NOT NULL, CONTENT ${text} NOT NULL,
    PRIMARY KEY (IMPORT_ID, SEQ));
