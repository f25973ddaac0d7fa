"""Quarterly liaison meetings (党建联席会): scheduling, the agenda drawn up from open needs
and the quarter's work, minutes, the documents a 党建办 files, and reminders."""
