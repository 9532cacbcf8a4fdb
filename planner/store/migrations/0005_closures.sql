-- 0005_closures: the days the desk is closed beyond its weekly opening days (public holidays,
-- building closures). A closure is a span of days; a single day has first_day = last_day.
-- Importing a Closures table replaces the stored closures as a whole; `deskplan closures
-- add-holidays` adds rows.

CREATE TABLE closures (
	first_day TEXT NOT NULL CHECK (first_day <> ''),
	last_day  TEXT NOT NULL CHECK (last_day >= first_day),
	note      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (first_day, last_day)
) STRICT, WITHOUT ROWID;
