-- 0002_history: the call history, the exam timetable and the archived versions of session
-- forecasts: what a forecast is built from, and the forecasts it replaces.
--
-- A call is kept as it was read: arrival as RFC 3339 text in the offset it had (what a person
-- reads), and as UTC Unix nanoseconds (what queries sort and filter on). The history is a
-- record: it has no foreign key to lines, so that calls of a line no longer configured stay.

CREATE TABLE calls (
	arrival_ns INTEGER NOT NULL, -- Unix time in nanoseconds (UTC)
	arrival    TEXT NOT NULL,    -- RFC 3339 with the offset read, e.g. 2026-06-08T09:31:05+02:00
	line       TEXT NOT NULL CHECK (line <> ''),
	wait       REAL NOT NULL CHECK (wait >= 0),    -- seconds waited until answered or hung up
	handle     REAL NOT NULL CHECK (handle >= 0),  -- talk + wrap-up seconds; 0 when abandoned
	abandoned  INTEGER NOT NULL CHECK (abandoned IN (0, 1)),
	-- The natural key: a call log exported twice, or two overlapping exports, add each call
	-- once. Two calls equal in every field are taken as the same call.
	UNIQUE (arrival_ns, line, wait, handle, abandoned)
) STRICT;
CREATE INDEX calls_line ON calls (line, arrival_ns);

-- The exam timetable, one row per exam. Importing a timetable replaces the exams of each
-- date it lists.
CREATE TABLE exams (
	date            TEXT NOT NULL,    -- YYYY-MM-DD
	start_min       INTEGER NOT NULL, -- minutes since midnight
	minutes         INTEGER NOT NULL CHECK (minutes > 0),
	remote_sittings INTEGER NOT NULL CHECK (remote_sittings >= 0),
	name            TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX exams_date ON exams (date, start_min);

-- What wrote the current forecast of a session (ReplaceForecast), with a fingerprint of the
-- rows it wrote: when the rows no longer match it (an import replaced them), the note no
-- longer describes them.
CREATE TABLE forecast_sources (
	session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
	note       TEXT NOT NULL DEFAULT '',
	written_at TEXT NOT NULL, -- RFC 3339 UTC with nanoseconds
	rows       INTEGER NOT NULL,
	calls      REAL NOT NULL
) STRICT;

-- Archived forecasts: when ReplaceForecast replaces a session's forecast, the rows it
-- replaces are kept here as the session's next version (1, 2, ...).
CREATE TABLE forecast_versions (
	session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	version     INTEGER NOT NULL,
	note        TEXT NOT NULL DEFAULT '', -- what had written that forecast; '' unknown (imported)
	written_at  TEXT NOT NULL DEFAULT '', -- when it was written; '' unknown
	archived_at TEXT NOT NULL,            -- when it was replaced
	PRIMARY KEY (session_id, version)
) STRICT;

-- The rows of the archived versions, as in the forecast table. No foreign key to lines: an
-- archive is a record.
CREATE TABLE forecast_archive (
	session_id TEXT NOT NULL,
	version    INTEGER NOT NULL,
	date       TEXT NOT NULL DEFAULT '',
	weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
	slot       INTEGER NOT NULL,
	line       TEXT NOT NULL,
	calls      REAL NOT NULL,
	aht        REAL NOT NULL,
	patience   REAL NOT NULL DEFAULT 0,
	PRIMARY KEY (session_id, version, date, weekday, slot, line),
	FOREIGN KEY (session_id, version) REFERENCES forecast_versions (session_id, version) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
