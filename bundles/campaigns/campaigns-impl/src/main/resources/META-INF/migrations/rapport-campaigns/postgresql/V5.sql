-- A campaign's audience may be a condition in the segments' language instead of a segment, its matches frozen at launch
ALTER TABLE CAMPAIGN ADD COLUMN AUDIENCE_CONDITION VARCHAR(2000);
ALTER TABLE CAMPAIGN ALTER COLUMN SEGMENT DROP NOT NULL;
