"""Definer functions and triggers of a shared PostgreSQL store that write for a person.

A person's role has no privilege on the access log, on database roles or on the other
FBL's copies of a message; these functions do those writes, each with its own checks:

- `fblmail_log_append(...)`: the only way a person adds to the access log; it takes the
  actor from the session and assigns id, time and both hashes itself;
- `fblmail_sync_role(login)`: creates, re-enables or disables a person's LOGIN role with
  the account (support or the owner only) and cuts an ended account's open sessions;
- triggers: payload-free notifications on each mailbox's opaque channel, and clearing a
  thread's deadline from both sides' copies when it is answered or resolved.
"""

from __future__ import annotations

NOTIFY = """
CREATE TABLE IF NOT EXISTS fblmail_notify_salt (salt text NOT NULL);
INSERT INTO fblmail_notify_salt (salt)
    SELECT md5(random()::text || clock_timestamp()::text)
    WHERE NOT EXISTS (SELECT 1 FROM fblmail_notify_salt);

-- Replaces migration 0001's trigger function: no mailbox id on a channel anyone can
-- LISTEN to, only an empty notification on the mailbox's own opaque channel.
CREATE OR REPLACE FUNCTION fblmail_notify_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify(fblmail_channel(OLD.mailbox_id), '');
    ELSE
        PERFORM pg_notify(fblmail_channel(NEW.mailbox_id), '');
    END IF;
    RETURN NULL;
END $$;

-- When a thread is answered or resolved (R10) its deadline leaves both sides' copies,
-- including the copy of the other FBL, which the person answering cannot update.
CREATE OR REPLACE FUNCTION fblmail_clear_due() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF (NEW.answered_at IS NOT NULL AND OLD.answered_at IS NULL)
       OR (NEW.resolved_at IS NOT NULL AND OLD.resolved_at IS NULL) THEN
        UPDATE mailbox_item SET due_at = NULL
        WHERE due_at IS NOT NULL
          AND message_seq IN (SELECT seq FROM message WHERE thread_id = NEW.id);
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS thread_clear_due ON thread;
CREATE TRIGGER thread_clear_due AFTER UPDATE ON thread
    FOR EACH ROW EXECUTE FUNCTION fblmail_clear_due();
"""

# The access log: the only way in for a person. Same canonical JSON as store/audit.py's
# `row_digest` (keys sorted, no spaces, UTF-8 kept, `at` with microseconds and +00:00).
LOG = """
CREATE OR REPLACE FUNCTION fblmail_json(p text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN p IS NULL THEN 'null' ELSE to_json(p)::text END
$$;

CREATE OR REPLACE FUNCTION fblmail_log_append(
    p_action text, p_outcome text, p_mailbox text, p_message_id text, p_thread_id text,
    p_patient text, p_rule text, p_detail text
) RETURNS TABLE (id integer, at timestamptz, actor text, actor_unit text, prev_hash text,
                 row_hash text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    h audit_head%ROWTYPE;
    v_id integer;
    v_at timestamptz := date_trunc('microseconds', clock_timestamp());
    v_actor text := session_user;
    v_unit text;
    v_canon text;
    v_hash text;
BEGIN
    IF p_action IS NULL OR length(p_action) > 40 OR p_outcome IS NULL
       OR length(p_outcome) > 10 THEN
        RAISE EXCEPTION 'fblmail_log_append: bad action or outcome'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT o.name INTO v_unit FROM account a JOIN organisation o ON o.id = a.organisation_id
        WHERE a.login = v_actor;
    v_unit := coalesce(v_unit, '');
    SELECT * INTO h FROM audit_head WHERE audit_head.id = 1 FOR UPDATE;
    v_id := h.last_id + 1;
    v_canon := '{"action":' || fblmail_json(p_action)
        || ',"actor":' || fblmail_json(v_actor)
        || ',"actor_unit":' || fblmail_json(v_unit)
        || ',"at":' || fblmail_json(
            to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00')
        || ',"detail":' || fblmail_json(p_detail)
        || ',"id":' || v_id::text
        || ',"mailbox":' || fblmail_json(p_mailbox)
        || ',"message_id":' || fblmail_json(p_message_id)
        || ',"outcome":' || fblmail_json(p_outcome)
        || ',"patient":' || fblmail_json(p_patient)
        || ',"prev_hash":' || fblmail_json(h.last_hash)
        || ',"rule":' || fblmail_json(p_rule)
        || ',"thread_id":' || fblmail_json(p_thread_id) || '}';
    v_hash := encode(sha256(convert_to(v_canon, 'UTF8')), 'hex');
    INSERT INTO access_log (id, at, actor, actor_unit, action, outcome, mailbox, message_id,
                            thread_id, patient, rule, detail, prev_hash, row_hash)
    VALUES (v_id, v_at, v_actor, v_unit, p_action, p_outcome, left(p_mailbox, 200),
            left(p_message_id, 36), left(p_thread_id, 36), left(p_patient, 12),
            left(p_rule, 10), p_detail, h.last_hash, v_hash);
    UPDATE audit_head SET last_id = v_id, last_hash = v_hash WHERE audit_head.id = 1;
    RETURN QUERY SELECT v_id, v_at, v_actor, v_unit, h.last_hash::text, v_hash;
END $$;
"""

# Accounts and database roles move together. Only support (or the owner) may call it;
# it never touches a role that is not a person's (a superuser, the owner, a service).
SYNC = """
CREATE OR REPLACE FUNCTION fblmail_sync_role(p_login text) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    acc account%ROWTYPE;
    r pg_roles%ROWTYPE;
    g text;
    want text;
BEGIN
    IF NOT (fblmail_is_support() OR fblmail_is_owner()) THEN
        RAISE EXCEPTION 'fblmail_sync_role: support only' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO acc FROM account WHERE login = p_login;
    SELECT * INTO r FROM pg_roles WHERE rolname = p_login;
    IF FOUND AND (r.rolsuper OR r.rolcreaterole OR r.rolbypassrls
                  OR NOT pg_has_role(p_login, 'fblmail_person', 'MEMBER')
                  OR pg_has_role(p_login, (SELECT relowner FROM pg_class
                                           WHERE oid = 'public.access_log'::regclass),
                                 'MEMBER')) THEN
        RAISE EXCEPTION 'fblmail_sync_role: % is not a person''s role', p_login
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF acc.id IS NULL OR NOT acc.active THEN
        IF r.rolname IS NULL THEN
            RETURN 'absent';
        END IF;
        EXECUTE format('ALTER ROLE %I NOLOGIN', p_login);
        PERFORM pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE usename = p_login AND pid <> pg_backend_pid();
        RETURN 'ended';
    END IF;
    want := CASE acc.role WHEN 'support' THEN 'fblmail_support'
                          WHEN 'manager' THEN 'fblmail_manager' ELSE 'fblmail_staff' END;
    BEGIN
        IF r.rolname IS NULL THEN
            EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', p_login, want);
        ELSE
            EXECUTE format('ALTER ROLE %I LOGIN', p_login);
            EXECUTE format('GRANT %I TO %I', want, p_login);
        END IF;
        FOREACH g IN ARRAY ARRAY['fblmail_staff', 'fblmail_manager', 'fblmail_support'] LOOP
            IF g <> want AND pg_has_role(p_login, g, 'MEMBER') THEN
                EXECUTE format('REVOKE %I FROM %I', g, p_login);
            END IF;
        END LOOP;
    EXCEPTION WHEN insufficient_privilege THEN
        -- The owner may not create roles here: the site's DBA does it (README).
        RETURN 'manual';
    END;
    RETURN 'login';
END $$;
"""
