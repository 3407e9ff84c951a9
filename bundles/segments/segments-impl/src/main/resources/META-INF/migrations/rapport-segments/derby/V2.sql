-- What a segment is for: MARKETING segments leave out those the consent gate does not let segments profile; SERVICE segments ask nothing
ALTER TABLE SEGMENT ADD COLUMN KIND VARCHAR(20) DEFAULT 'MARKETING' NOT NULL;
