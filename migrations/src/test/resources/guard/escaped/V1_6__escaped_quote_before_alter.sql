-- A backslash-escaped quote in an E'' string: read as the end of the string, it would hide the ALTER TABLE users
-- below from the pre-flight, which would then not look for sessions holding users.
CREATE TABLE lexing_notes (id integer PRIMARY KEY, note text);
INSERT INTO lexing_notes VALUES (1, E'it\'s');
ALTER TABLE users ADD COLUMN lexing_note text;
