"""One full-text search for the whole site (forum posts now; lessons learned and library
documents later): entries kept in sync by the services that change what they index, ranked
with title matches first, filtered by what the reader may see. SQLite FTS5 on the embedded
default, PostgreSQL full-text search in production; Chinese is searched by its character pairs
on both (lms.search.words)."""
