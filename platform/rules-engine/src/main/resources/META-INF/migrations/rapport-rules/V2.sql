-- Release notes: the warnings of the gate's static checks when a release was accepted
ALTER TABLE RULE_RELEASE ADD COLUMN NOTES ${text};
