-- Whether an inbound message's sender was vouched for: an aligned pass from the receiving mail server, a signed gateway
ALTER TABLE COMM_INBOUND ADD COLUMN AUTHENTICATED ${boolean};
