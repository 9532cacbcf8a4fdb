-- 0004_forecast: forecasts that follow a growing desk. Sessions get a type (january, june,
-- august-september...), from which the forecast learns a level per type; forecast rows get the
-- spread of their calls, from which intervals and quantiles follow; and what built a forecast
-- keeps the fitted model, so that its effects can be shown later.

-- The kind of session, a lower-case label; '' is a type of its own.
ALTER TABLE sessions ADD COLUMN type TEXT NOT NULL DEFAULT '';

-- The coefficient of variation of the day's calls of the line beyond Poisson noise (the same
-- on every row of a day and line), and of the slot's beyond the day's; 0: Poisson only.
ALTER TABLE forecast ADD COLUMN day_cv REAL NOT NULL DEFAULT 0 CHECK (day_cv >= 0);
ALTER TABLE forecast ADD COLUMN slot_cv REAL NOT NULL DEFAULT 0 CHECK (slot_cv >= 0);
ALTER TABLE forecast_archive ADD COLUMN day_cv REAL NOT NULL DEFAULT 0;
ALTER TABLE forecast_archive ADD COLUMN slot_cv REAL NOT NULL DEFAULT 0;

-- The forecast model that wrote a forecast (JSON of forecast.Model); NULL: none (imported, or
-- written before this migration).
ALTER TABLE forecast_sources ADD COLUMN model TEXT CHECK (model IS NULL OR json_valid(model));
ALTER TABLE forecast_versions ADD COLUMN model TEXT CHECK (model IS NULL OR json_valid(model));
