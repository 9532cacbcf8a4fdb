-- 0003_scenarios: what-if scenarios. A scenario is a named set of changes on top of
-- the base data or of another scenario (base_name); 'base' is the data itself and is never a
-- row. Changes are a JSON array of {"kind": ..., "value": ...} in the flag syntax of
-- `deskplan scenario create` (planner.ParseChange reads them back).

CREATE TABLE scenarios (
	name       TEXT PRIMARY KEY CHECK (name <> '' AND lower(name) <> 'base'),
	base_name  TEXT NOT NULL DEFAULT 'base',
	changes    TEXT NOT NULL CHECK (json_valid(changes) AND json_type(changes) = 'array'),
	note       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX scenarios_base ON scenarios (base_name);
