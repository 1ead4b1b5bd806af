"""The single query layer: plain SQL over the DB-API (`sqlite3` / `psycopg`), no SQLAlchemy.

Every list, count, search and show read goes through here, for the app's first screen and
the read commands alike, so neither waits for the ORM to import.

- `connection`: database URLs, connections, read snapshots and short write transactions;
- `rows`: the one list row (its columns, joins and mapping to a read model's fields);
- `listing`: folder lists in keyset segments (urgent-first, newest, oldest) with filters;
- `search`: full-text search terms and their query (FTS5 / tsquery);
- `messages`: one message by id prefix, its copies, its whole text and its thread;
- `log`: appending to the hash-chained access log (and the digest `store/audit.py` shares);
- `version`: the cheap schema check;
- `changes`: change feeds for the app's live list.
"""
