-- A message's delivery key, drawn at its first attempt and kept for every later one: its email's Message-ID
ALTER TABLE COMM_MESSAGE ADD COLUMN DELIVERY_KEY VARCHAR(32);
