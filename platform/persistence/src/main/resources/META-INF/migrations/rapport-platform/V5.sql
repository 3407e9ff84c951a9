-- What a job's run works on, for kinds whose runs each have their own (a contact import's upload).
ALTER TABLE JOB_RUN ADD COLUMN SUBJECT VARCHAR(200);
