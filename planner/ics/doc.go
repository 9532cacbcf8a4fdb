// Package ics writes staff calendars: one RFC 5545 iCalendar file per staff member with one
// event per shift, in the desk's time zone.
//
// Events carry the desk's time zone (Settings.TimeZone, e.g. Europe/Brussels) as TZID, and the
// file holds a VTIMEZONE for it derived from the time-zone database, so a calendar shows
// 07:30 as 07:30 on both sides of a daylight-saving change. Each event's UID is a hash of the
// staff id and the date, so importing the calendar of a newer roster version updates the
// events of the earlier one instead of adding copies. SEQUENCE grows with the version and
// with publication (see Sequence), so a calendar program always keeps the newest event.
//
// Calendars follow changes: given the earlier version staff hold (Options.Since), a shift of
// that version on a day the person no longer works is written again, with the same UID,
// STATUS:CANCELLED and the higher SEQUENCE, so the calendar program removes it. A draft's
// calendar says DRAFT in its name, its description and each event's summary; its events are
// TENTATIVE, a published roster's CONFIRMED.
//
// The files are built with github.com/arran4/golang-ical, which escapes TEXT values and folds
// lines at 75 octets without splitting a UTF-8 character; deskplan asks it for CRLF line ends
// (its default on Unix is a bare LF, which RFC 5545 does not allow).
package ics
