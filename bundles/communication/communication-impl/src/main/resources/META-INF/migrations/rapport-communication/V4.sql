-- HTML bodies: a template's (checked when saved) and a message's (rendered), both optional besides the text body
ALTER TABLE COMM_TEMPLATE ADD COLUMN HTML ${text};
ALTER TABLE COMM_MESSAGE ADD COLUMN HTML ${text};
