// Package store keeps deskplan's data in one SQLite file: the settings, lines, staff,
// availability, sessions, forecasts and shift templates that imports bring, and the rosters
// the planner makes, as numbered versions.
//
// A store is created with Init (`deskplan init`) and opened with Open. The schema is a series
// of numbered SQL migrations embedded in the binary (migrations/0001_init.sql, ...); each is
// applied once, in its own transaction, and recorded in the migrations table, so that a newer
// deskplan upgrades an older store when it opens it.
//
// Every connection of the pool gets the same settings from the DSN: a busy timeout (writers
// from several processes wait for each other instead of failing with "database is locked"),
// foreign keys, WAL journaling (readers work beside a writer), and write transactions that
// take the write lock when they begin (BEGIN IMMEDIATE), so that two writers never deadlock
// on a lock upgrade. Reads run in deferred transactions, and opening an up-to-date store
// writes nothing, so commands that only read never wait for a writer; a store this process
// may not write is opened read-only.
//
// Writes are all-or-nothing: Import and SaveRoster run in one transaction each, and an error
// or a crash leaves the store exactly as it was.
package store
