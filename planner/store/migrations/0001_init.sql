-- 0001_init: the desk's data (what an import brings) and the roster versions.
--
-- Conventions: a date is TEXT 'YYYY-MM-DD' ('' = no date); a time of day is INTEGER minutes
-- since midnight; pos keeps the order rows were first imported in. Tables are STRICT so that a
-- wrong type is an error, not a silent conversion.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE lines (
	id    TEXT PRIMARY KEY,
	pos   INTEGER NOT NULL,
	name  TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE staff (
	id             TEXT PRIMARY KEY,
	pos            INTEGER NOT NULL,
	name           TEXT NOT NULL DEFAULT '',
	email          TEXT NOT NULL DEFAULT '',
	status         TEXT NOT NULL CHECK (status IN ('new', 'trainee', 'qualified', 'mentor')),
	min_hours_week REAL NOT NULL DEFAULT 0,
	max_hours_week REAL NOT NULL DEFAULT 0,
	max_days_week  INTEGER NOT NULL DEFAULT 0,
	max_hours_day  REAL NOT NULL DEFAULT 0,
	productivity   REAL, -- NULL: the status default
	training_hours REAL NOT NULL DEFAULT 0
) STRICT;

-- The lines a staff member may answer, in the order given.
CREATE TABLE staff_lines (
	staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
	pos      INTEGER NOT NULL,
	line_id  TEXT NOT NULL REFERENCES lines (id),
	PRIMARY KEY (staff_id, pos)
) STRICT, WITHOUT ROWID;
CREATE INDEX staff_lines_line ON staff_lines (line_id);

-- The roles of a staff member (e.g. coordinator), in the order given.
CREATE TABLE staff_roles (
	staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
	pos      INTEGER NOT NULL,
	role     TEXT NOT NULL,
	PRIMARY KEY (staff_id, pos)
) STRICT, WITHOUT ROWID;

-- Availability rules; an import replaces a person's rules as a whole.
CREATE TABLE availability (
	staff_id  TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
	pos       INTEGER NOT NULL,
	kind      TEXT NOT NULL CHECK (kind IN ('available', 'unavailable', 'prefer', 'avoid')),
	rrule     TEXT NOT NULL DEFAULT '',
	first_day TEXT NOT NULL DEFAULT '',
	last_day  TEXT NOT NULL DEFAULT '',
	from_min  INTEGER NOT NULL DEFAULT 0,
	to_min    INTEGER NOT NULL DEFAULT 0,
	note      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (staff_id, pos)
) STRICT, WITHOUT ROWID;

CREATE TABLE sessions (
	id        TEXT PRIMARY KEY,
	name      TEXT NOT NULL DEFAULT '',
	first_day TEXT NOT NULL,
	last_day  TEXT NOT NULL,
	exam_days TEXT NOT NULL DEFAULT '',
	sittings  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Forecast per session, line and slot: dated rows (weekday as given), or weekly profile rows
-- (date '' and a weekday 0 = Sunday .. 6 = Saturday).
CREATE TABLE forecast (
	session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	date       TEXT NOT NULL DEFAULT '',
	weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
	slot       INTEGER NOT NULL,
	line       TEXT NOT NULL REFERENCES lines (id),
	calls      REAL NOT NULL,
	aht        REAL NOT NULL,
	patience   REAL NOT NULL DEFAULT 0,
	PRIMARY KEY (session_id, date, weekday, slot, line)
) STRICT, WITHOUT ROWID;
CREATE INDEX forecast_line ON forecast (line);

CREATE TABLE shift_templates (
	name                TEXT PRIMARY KEY,
	pos                 INTEGER NOT NULL,
	earliest_start      INTEGER NOT NULL,
	latest_start        INTEGER NOT NULL,
	step_minutes        INTEGER NOT NULL,
	min_minutes         INTEGER NOT NULL,
	max_minutes         INTEGER NOT NULL,
	break_minutes       INTEGER NOT NULL DEFAULT 0,
	break_after_minutes INTEGER NOT NULL DEFAULT 0,
	break_earliest      INTEGER NOT NULL DEFAULT 0,
	break_latest        INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Roster versions. A roster is a record of what was planned: it keeps the settings and
-- parameters it was planned from, and has no foreign key to staff or sessions so that it
-- outlives later changes to the team.
CREATE TABLE rosters (
	version     INTEGER PRIMARY KEY,
	session_id  TEXT NOT NULL DEFAULT '',
	scenario    TEXT NOT NULL DEFAULT '',
	from_day    TEXT NOT NULL,
	to_day      TEXT NOT NULL,
	seed        INTEGER NOT NULL DEFAULT 0,
	status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
	created_at  TEXT NOT NULL, -- RFC 3339 UTC with nanoseconds
	objective   REAL,          -- NULL: NaN
	lower_bound REAL,          -- NULL: NaN
	method      TEXT NOT NULL DEFAULT '',
	settings    TEXT NOT NULL, -- JSON of planner.Settings
	params      TEXT           -- JSON object, NULL when none
) STRICT;
CREATE INDEX rosters_session ON rosters (session_id, version);

CREATE TABLE roster_shifts (
	version     INTEGER NOT NULL REFERENCES rosters (version) ON DELETE CASCADE,
	pos         INTEGER NOT NULL,
	staff_id    TEXT NOT NULL,
	date        TEXT NOT NULL,
	start_min   INTEGER NOT NULL,
	end_min     INTEGER NOT NULL,
	line        TEXT NOT NULL DEFAULT '',
	break_start INTEGER NOT NULL DEFAULT 0,
	break_end   INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (version, pos)
) STRICT, WITHOUT ROWID;
CREATE INDEX roster_shifts_staff ON roster_shifts (staff_id, date);
