-- Files a message carries (a service desk's reply), kept until it leaves: name, type and bytes in Base64
ALTER TABLE COMM_MESSAGE ADD COLUMN ATTACHMENTS ${text};
