-- Sender authentication of inbound mail: why the receiving mail server's results did not vouch for the sender
ALTER TABLE COMM_INBOUND ADD COLUMN UNAUTHENTICATED VARCHAR(200);
