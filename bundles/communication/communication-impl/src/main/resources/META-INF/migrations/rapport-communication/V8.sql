-- Who keeps an inbound message (a service desk, by the queue of the case it is on), which says who reads it
ALTER TABLE COMM_INBOUND ADD COLUMN KEEPER VARCHAR(40);
ALTER TABLE COMM_INBOUND ADD COLUMN LABEL VARCHAR(200);
