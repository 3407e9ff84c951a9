-- The identifier blocks every unit's table generators draw from
CREATE TABLE RAPPORT_ID (NAME VARCHAR(50) NOT NULL, NEXT_ID DECIMAL(15), PRIMARY KEY (NAME));
