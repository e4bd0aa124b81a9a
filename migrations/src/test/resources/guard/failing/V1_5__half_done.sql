-- Fails on its second statement; the first must not stay behind.
ALTER TABLE users ADD COLUMN half_done text;
UPDATE users SET no_such_column = 1;
