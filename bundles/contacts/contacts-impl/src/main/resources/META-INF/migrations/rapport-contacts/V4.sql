-- The IANA time zone a contact lives in (campaigns' quiet hours are the contact's local time)
ALTER TABLE CONTACT ADD COLUMN TIME_ZONE VARCHAR(60);
