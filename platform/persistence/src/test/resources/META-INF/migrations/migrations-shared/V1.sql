-- Cards, written once for both databases
CREATE TABLE SHARED_CARD (ID BIGINT NOT NULL, NOTE ${text}, ACTIVE ${boolean} NOT NULL, PRIMARY KEY (ID));
