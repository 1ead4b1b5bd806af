-- fblmail on a shared PostgreSQL: the application role and its privileges.
--
-- The program runs as `fblmail_app`, which owns nothing. The schema belongs to the role that
-- runs `fblmail init` (the owner; migrations need it). The access log is append-only twice
-- over: the triggers made by the migration refuse UPDATE, DELETE and TRUNCATE, and this file
-- gives the application role no right to change or remove log rows, nor to disable those
-- triggers (only a table's owner can).
--
-- Run as the owner, in the fblmail database, after every `fblmail init` that upgraded the
-- schema (it is idempotent):
--
--     psql -d fblmail -v ON_ERROR_STOP=1 -f docs/postgres-grants.sql
--
-- Then give the role a way to log in, e.g. `ALTER ROLE fblmail_app PASSWORD '...';` (kept
-- out of this file) or certificate/peer authentication in pg_hba.conf, and point the
-- program at it: FBLMAIL_DATABASE_URL=postgresql://fblmail_app@host/fblmail

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fblmail_app') THEN
        CREATE ROLE fblmail_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO fblmail_app', current_database());
END
$$;

-- Start from nothing, so re-running the file also takes back anything granted by hand.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM fblmail_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM fblmail_app;
GRANT USAGE ON SCHEMA public TO fblmail_app;
-- Nobody but the owner creates objects in the schema (the default from PostgreSQL 15 on).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Ordinary tables: read and write (messages are deleted for real by purges, R17).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO fblmail_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO fblmail_app;

-- The access log: add and read, never change or remove (no UPDATE, DELETE, TRUNCATE).
REVOKE UPDATE, DELETE, TRUNCATE ON access_log FROM fblmail_app;
-- The chain's head: read and move forward (SELECT ... FOR UPDATE needs UPDATE); one row,
-- made by the migration, never added to or removed.
REVOKE INSERT, DELETE, TRUNCATE ON audit_head FROM fblmail_app;
-- Recorded reviews of the log are records too: add and read only.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_review FROM fblmail_app;
-- The schema version is the owner's (migrations); the program only checks it.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM fblmail_app;
