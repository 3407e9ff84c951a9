-- Who keeps a message sent on a capability's behalf (a service desk, by the queue of the case it answers), which says who reads it
ALTER TABLE COMM_MESSAGE ADD COLUMN KEEPER VARCHAR(40);
ALTER TABLE COMM_MESSAGE ADD COLUMN LABEL VARCHAR(200);
