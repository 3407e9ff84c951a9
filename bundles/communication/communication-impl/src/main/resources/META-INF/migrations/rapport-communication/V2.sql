-- A sender's header fields (List-Unsubscribe of a campaign's mail), one 'Name: value' a line
ALTER TABLE COMM_MESSAGE ADD COLUMN HEADERS VARCHAR(2000);
