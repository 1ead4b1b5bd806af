"""The SQL that makes a PostgreSQL store a shared store that protects itself (issue 8).

`fblmail init` on a PostgreSQL URL runs `SETUP` as the store's owner after the migrations,
every time (every statement is idempotent, so it is also the upgrade step). It creates:

- group roles: `fblmail_person` (every person's LOGIN role is in it, through one of
  `fblmail_staff`, `fblmail_manager`, `fblmail_support`, which follow `account.role`);
- definer helpers (STABLE, `search_path` pinned) that map `session_user` to the person's
  active account, role, unit and mailboxes; policies call them once per query;
- row-level security with one policy set per table, implementing the need-to-know table
  in the README ("Who reads what on a shared store");
- privileges: persons get only what their policies need; the log and its head get none;
- `fblmail_log_append(...)`: the only way a person adds to the access log; it takes the
  actor from the session and assigns id, time and both hashes itself;
- `fblmail_sync_role(login)`: creates, re-enables or disables a person's LOGIN role with
  the account (support or the owner only) and cuts an ended account's open sessions;
- payload-free, per-mailbox notifications on opaque channels (`fblmail_channel(id)`).

Every table of `store/tables.py` must be named in `TABLE_POLICIES` (a test checks): a new
table holding patient data needs its policies here before it can be merged.
"""

from __future__ import annotations

# ruff: noqa: S608  (SQL built from constants in this file, never from user input)

PERSON = "fblmail_person"
GROUPS = {"staff": "fblmail_staff", "manager": "fblmail_manager", "support": "fblmail_support"}

_ROLES = """
DO $$
DECLARE g text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fblmail_person') THEN
        CREATE ROLE fblmail_person NOLOGIN;
    END IF;
    FOREACH g IN ARRAY ARRAY['fblmail_staff', 'fblmail_manager', 'fblmail_support'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = g) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN IN ROLE fblmail_person', g);
        END IF;
    END LOOP;
END $$;
"""

# Helpers: PL/pgSQL (its plans are cached per session; a SQL function with SET is
# planned afresh on every call); SECURITY DEFINER so that policies can look up the
# caller's account without the caller being able to read (or needing policies on) those
# rows; STABLE, and written in policies as `(SELECT fblmail_...())`, so that each is
# computed once per statement.
_HELPERS = """
CREATE OR REPLACE FUNCTION fblmail_account_id() RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT id FROM account WHERE login = session_user AND active);
END $$;

CREATE OR REPLACE FUNCTION fblmail_my_role() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT role FROM account WHERE login = session_user AND active);
END $$;

CREATE OR REPLACE FUNCTION fblmail_is_support() RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT coalesce(
        (SELECT role = 'support' FROM account WHERE login = session_user AND active), false));
END $$;

-- Two steps each, the account by its unique login first: the plans stay index lookups
-- whatever the statistics say (a join planned on never-analysed tables cost ~20 ms).
CREATE OR REPLACE FUNCTION fblmail_my_mailboxes() RETURNS integer[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE me integer := (SELECT id FROM account WHERE login = session_user AND active);
BEGIN
    IF me IS NULL THEN
        RETURN '{}';
    END IF;
    RETURN ARRAY(
        SELECT mailbox_id FROM membership WHERE account_id = me AND active
        UNION ALL
        SELECT id FROM mailbox WHERE owner_account_id = me AND kind = 'personal');
END $$;

-- A unit manager's unit: its mailboxes (FBL and staff's personal ones) and its logins.
CREATE OR REPLACE FUNCTION fblmail_unit_mailboxes() RETURNS integer[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE unit integer := (SELECT organisation_id FROM account
                         WHERE login = session_user AND active AND role = 'manager');
BEGIN
    IF unit IS NULL THEN
        RETURN '{}';
    END IF;
    RETURN ARRAY(SELECT id FROM mailbox WHERE organisation_id = unit);
END $$;

CREATE OR REPLACE FUNCTION fblmail_unit_addresses() RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE unit integer := (SELECT organisation_id FROM account
                         WHERE login = session_user AND active AND role = 'manager');
BEGIN
    IF unit IS NULL THEN
        RETURN '{}';
    END IF;
    RETURN ARRAY(SELECT address::text FROM mailbox WHERE organisation_id = unit);
END $$;

CREATE OR REPLACE FUNCTION fblmail_unit_logins() RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE unit integer := (SELECT organisation_id FROM account
                         WHERE login = session_user AND active AND role = 'manager');
BEGIN
    IF unit IS NULL THEN
        RETURN '{}';
    END IF;
    RETURN ARRAY(SELECT login::text FROM account WHERE organisation_id = unit);
END $$;

-- Purges may remove a message only when no mailbox holds it and a thread only when no
-- message is left; these look past the caller's row-level security to say so (a
-- thread's delete cascades to its messages, so this check is what keeps them safe).
CREATE OR REPLACE FUNCTION fblmail_message_held(p_seq integer) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT EXISTS (SELECT 1 FROM mailbox_item WHERE message_seq = p_seq));
END $$;

CREATE OR REPLACE FUNCTION fblmail_thread_has_messages(p_id text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT EXISTS (SELECT 1 FROM message WHERE thread_id = p_id));
END $$;

-- R3 for one patient at a time: the register itself is support's to read.
CREATE OR REPLACE FUNCTION fblmail_coordination_case(p_patient text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT fblmail_account_id() IS NOT NULL
       AND EXISTS (SELECT 1 FROM coordination_case WHERE patient = p_patient));
END $$;

-- "{name} skriver ett svar" (issue 11): drafts are each person's own under row-level
-- security, so this says, for threads the caller handles as a member of one of their FBLs,
-- which *other* members of those FBLs saved a reply draft on them in the 30 minutes before
-- p_now (the caller's clock, which the app injects): thread id and full name only, never a
-- draft's text, subject or id, never someone outside the caller's FBLs, nothing for a
-- stranger. An array of threads, so that a list window costs one call.
CREATE OR REPLACE FUNCTION fblmail_thread_writers(p_threads text[], p_now timestamptz)
RETURNS TABLE (writer_thread text, writer_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE me integer := (SELECT id FROM account WHERE login = session_user AND active);
BEGIN
    IF me IS NULL OR p_threads IS NULL OR p_now IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
        SELECT DISTINCT t.id::text, a.full_name::text
        FROM thread t
        JOIN membership ms ON ms.account_id = me AND ms.active
             AND ms.mailbox_id IN (t.origin_mailbox_id, t.counterpart_mailbox_id)
        JOIN mailbox b ON b.id = ms.mailbox_id AND b.kind = 'fbl'
        JOIN draft d ON d.from_address = b.address AND d.account_id <> me
             AND d.updated_at >= p_now - interval '30 minutes'
        JOIN message m ON m.id = d.reply_to_id AND m.thread_id = t.id
        JOIN account a ON a.id = d.account_id AND a.active
        JOIN membership theirs ON theirs.account_id = a.id AND theirs.mailbox_id = b.id
             AND theirs.active
        WHERE t.id = ANY (p_threads[1:200])
        ORDER BY 1, 2;
END $$;

CREATE OR REPLACE FUNCTION fblmail_is_owner() RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT pg_has_role(session_user,
        (SELECT relowner FROM pg_class WHERE oid = 'public.access_log'::regclass), 'MEMBER'));
END $$;

-- The opaque, per-mailbox notification channel: only someone who already knows a
-- mailbox's id and the store's secret salt (readable by its members only, see
-- fblmail_my_channels) can name it.
CREATE OR REPLACE FUNCTION fblmail_channel(p_mailbox integer) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT 'fblmail_' || left(encode(sha256(convert_to(
        (SELECT salt FROM fblmail_notify_salt) || ':' || p_mailbox::text, 'UTF8')), 'hex'), 32));
END $$;

CREATE OR REPLACE FUNCTION fblmail_my_channels() RETURNS SETOF text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT fblmail_channel(box) FROM unnest(fblmail_my_mailboxes()) AS box;
END $$;
"""

_NOTIFY = """
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
_LOG = """
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
_SYNC = """
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

# table -> (privileges for fblmail_person, extra privileges for fblmail_support, policies)
# Each policy is (name, command, USING, WITH CHECK); None leaves the clause out.
_ACTIVE = "(SELECT fblmail_account_id()) IS NOT NULL"
_MINE = "((SELECT fblmail_my_mailboxes())::integer[])"
_SUPPORT = "(SELECT fblmail_is_support())"
_ME = "(session_user)::text"
_ME_ID = "(SELECT fblmail_account_id())"
_MY_UNIT = (
    "((SELECT fblmail_my_role()) = 'manager' AND organisation_id = "
    f"(SELECT organisation_id FROM account WHERE login = {_ME}))"
)
_THREAD_COLS = (
    "due_at, answered_at, resolved_at, resolved_by, resolved_how, resolved_note, closed_at"
)
_PARTY = f"(sender_mailbox_id = ANY {_MINE} OR recipient_mailbox_id = ANY {_MINE})"
_VISIBLE_THREAD = (
    f"(origin_mailbox_id = ANY {_MINE} OR counterpart_mailbox_id = ANY {_MINE} "
    "OR EXISTS (SELECT 1 FROM message m WHERE m.thread_id = thread.id))"
)
_VISIBLE_ITEM = (
    f"(mailbox_id = ANY {_MINE} "
    "OR EXISTS (SELECT 1 FROM message m WHERE m.seq = mailbox_item.message_seq))"
)
# A copy goes into one's own mailbox (of a message one is party to) or, from the
# sender's side, into the message's recipient mailbox: nothing can be planted elsewhere.
_DELIVER = (
    "EXISTS (SELECT 1 FROM message m WHERE m.seq = mailbox_item.message_seq AND "
    "(mailbox_item.mailbox_id IN (m.sender_mailbox_id, m.recipient_mailbox_id)) AND "
    f"(mailbox_item.mailbox_id = ANY {_MINE} OR m.sender_mailbox_id = ANY {_MINE}))"
)
_LOG_SCOPE = (
    f"({_SUPPORT} OR mailbox = ANY ((SELECT fblmail_unit_addresses())::text[]) "
    "OR actor = ANY ((SELECT fblmail_unit_logins())::text[]))"
)

Policy = tuple[str, str, str | None, str | None]

# The directory (units, FBLs, presets): every active person reads it, support keeps it.
_DIRECTORY: tuple[Policy, ...] = (
    ("read", "SELECT", _ACTIVE, None),
    ("admin", "ALL", _SUPPORT, _SUPPORT),
)
# A mailbox's records (check signatures, counters, handlers): its members, the unit's
# manager and support read them.
_MEMBER_UNIT_OR_SUPPORT = (
    f"mailbox_id = ANY {_MINE} OR mailbox_id = ANY "
    f"((SELECT fblmail_unit_mailboxes())::integer[]) OR {_SUPPORT}"
)

TABLE_POLICIES: dict[str, tuple[str, str, tuple[Policy, ...]]] = {
    "organisation": (
        "SELECT",
        "INSERT, UPDATE",
        _DIRECTORY,
    ),
    "mailbox": (
        "SELECT",
        "INSERT, UPDATE",
        _DIRECTORY,
    ),
    "preset_entry": (
        "SELECT",
        "INSERT, UPDATE, DELETE",
        _DIRECTORY,
    ),
    "account": (
        "SELECT, UPDATE (last_active_at)",
        "INSERT, UPDATE",
        (
            ("read", "SELECT", _ACTIVE, None),
            ("self", "UPDATE", f"login = {_ME} AND active", f"login = {_ME} AND active"),
            ("admin", "ALL", _SUPPORT, _SUPPORT),
        ),
    ),
    "membership": (
        "SELECT",
        "INSERT, UPDATE",
        (
            (
                "read",
                "SELECT",
                f"account_id = (SELECT fblmail_account_id()) OR mailbox_id = ANY {_MINE} "
                "OR mailbox_id = ANY ((SELECT fblmail_unit_mailboxes())::integer[])",
                None,
            ),
            ("admin", "ALL", _SUPPORT, _SUPPORT),
        ),
    ),
    "thread": (
        f"SELECT, INSERT, DELETE, UPDATE ({_THREAD_COLS})",
        "",
        (
            ("read", "SELECT", _VISIBLE_THREAD, None),
            ("open", "INSERT", None, f"origin_mailbox_id = ANY {_MINE}"),
            ("change", "UPDATE", _VISIBLE_THREAD, _VISIBLE_THREAD),
            (
                "purge",
                "DELETE",
                f"{_VISIBLE_THREAD} AND NOT fblmail_thread_has_messages(id)",
                None,
            ),
        ),
    ),
    "message": (
        "SELECT, INSERT, DELETE",
        "",
        (
            ("read", "SELECT", _PARTY, None),
            (
                "send",
                "INSERT",
                None,
                f"sender_mailbox_id = ANY {_MINE} AND sender_account_id = {_ME_ID}",
            ),
            ("purge", "DELETE", f"{_PARTY} AND NOT fblmail_message_held(seq)", None),
        ),
    ),
    "mailbox_item": (
        "SELECT, INSERT, UPDATE, DELETE",
        "",
        (
            ("read", "SELECT", _VISIBLE_ITEM, None),
            ("deliver", "INSERT", None, _DELIVER),
            ("own", "UPDATE", f"mailbox_id = ANY {_MINE}", f"mailbox_id = ANY {_MINE}"),
            ("purge", "DELETE", f"mailbox_id = ANY {_MINE}", None),
        ),
    ),
    "draft": (
        "SELECT, INSERT, UPDATE, DELETE",
        "",
        (
            (
                "own",
                "ALL",
                "account_id = (SELECT fblmail_account_id())",
                "account_id = (SELECT fblmail_account_id())",
            ),
        ),
    ),
    "journal_note": (
        "SELECT, INSERT",
        "",
        (
            ("read", "SELECT", "EXISTS (SELECT 1 FROM message m WHERE m.seq = message_seq)", None),
            (
                "attach",
                "INSERT",
                None,
                f"attached_by = {_ME} AND EXISTS (SELECT 1 FROM message m "
                f"WHERE m.seq = message_seq AND m.sender_mailbox_id = ANY {_MINE})",
            ),
        ),
    ),
    "disclosure": (
        "SELECT, INSERT",
        "",
        (
            (
                "read",
                "SELECT",
                "EXISTS (SELECT 1 FROM journal_note j WHERE j.id = journal_note_id)",
                None,
            ),
            (
                "record",
                "INSERT",
                None,
                f"disclosed_by = {_ME} AND "
                "EXISTS (SELECT 1 FROM journal_note j WHERE j.id = journal_note_id)",
            ),
        ),
    ),
    "coordination_case": (
        "SELECT",
        "INSERT, DELETE",
        (
            ("read", "SELECT", _SUPPORT, None),
            ("admin", "ALL", _SUPPORT, _SUPPORT),
        ),
    ),
    "access_log": (
        "SELECT",
        "",
        (("read", "SELECT", _LOG_SCOPE, None),),
    ),
    "audit_head": ("", "SELECT", (("verify", "SELECT", _SUPPORT, None),)),
    # Every write reads it (a damaged store refuses writes); only support (or the owner)
    # records or lifts the block. Check names and counts only, no patient data.
    "store_damage": (
        "SELECT",
        "INSERT, UPDATE, DELETE",
        (
            ("read", "SELECT", "true", None),
            ("admin", "ALL", _SUPPORT, _SUPPORT),
        ),
    ),
    "audit_review": (
        "SELECT",
        "INSERT",
        (
            ("read", "SELECT", _SUPPORT, None),
            ("record", "INSERT", None, f"{_SUPPORT} AND reviewer = {_ME}"),
        ),
    ),
    "local_routine": (
        "SELECT, INSERT, UPDATE",
        "",
        (
            ("read", "SELECT", _ACTIVE, None),
            (
                "set",
                "INSERT",
                None,
                f"updated_by = {_ME} AND ({_SUPPORT} OR {_MY_UNIT})",
            ),
            (
                "change",
                "UPDATE",
                f"{_SUPPORT} OR {_MY_UNIT}",
                f"updated_by = {_ME} AND ({_SUPPORT} OR {_MY_UNIT})",
            ),
        ),
    ),
    "check_signature": (
        "SELECT, INSERT",
        "",
        (
            (
                "read",
                "SELECT",
                _MEMBER_UNIT_OR_SUPPORT,
                None,
            ),
            ("sign", "INSERT", None, f"login = {_ME} AND mailbox_id = ANY {_MINE}"),
        ),
    ),
    # Counts per mailbox and folder for the check, written only by the owner's trigger
    # (migration 0005): read like the check's signatures, no one writes them by hand.
    "folder_tally": (
        "SELECT",
        "",
        (
            (
                "read",
                "SELECT",
                _MEMBER_UNIT_OR_SUPPORT,
                None,
            ),
        ),
    ),
    # Who handles which question (issue 11): members see and set their FBL's handlers; a
    # person takes a question only in their own name. Release by the holder only is the
    # service's rule (a colleague's take-over asks first).
    "thread_handler": (
        "SELECT, INSERT, UPDATE, DELETE",
        "",
        (
            (
                "read",
                "SELECT",
                _MEMBER_UNIT_OR_SUPPORT,
                None,
            ),
            ("take", "INSERT", None, f"login = {_ME} AND mailbox_id = ANY {_MINE}"),
            (
                "take_over",
                "UPDATE",
                f"mailbox_id = ANY {_MINE}",
                f"login = {_ME} AND mailbox_id = ANY {_MINE}",
            ),
            ("release", "DELETE", f"mailbox_id = ANY {_MINE}", None),
        ),
    ),
    "purge_run": (
        "SELECT, INSERT, UPDATE",
        "",
        (
            ("read", "SELECT", _ACTIVE, None),
            ("run", "INSERT", None, f"actor = {_ME} AND {_ACTIVE}"),
            ("finish", "UPDATE", f"actor = {_ME}", f"actor = {_ME}"),
        ),
    ),
    "access_request": (
        "SELECT, INSERT",
        "UPDATE",
        (
            ("read", "SELECT", f"filed_by = {_ME} OR {_SUPPORT}", None),
            ("file", "INSERT", None, f"filed_by = {_ME} AND status = 'pending' AND {_ACTIVE}"),
            ("decide", "UPDATE", _SUPPORT, _SUPPORT),
        ),
    ),
    "printout": (
        "SELECT, INSERT, UPDATE",
        "",
        (
            ("read", "SELECT", "EXISTS (SELECT 1 FROM thread t WHERE t.id = thread_id)", None),
            (
                "print",
                "INSERT",
                None,
                f"login = {_ME} AND EXISTS (SELECT 1 FROM thread t WHERE t.id = thread_id)",
            ),
            (
                "destroy",
                "UPDATE",
                "EXISTS (SELECT 1 FROM thread t WHERE t.id = thread_id)",
                "EXISTS (SELECT 1 FROM thread t WHERE t.id = thread_id)",
            ),
        ),
    ),
    "alembic_version": ("SELECT", "", ()),
}

_NO_POLICY_TABLES = ("alembic_version",)
_FUNCTIONS_FOR_PERSONS = (
    "fblmail_log_append(text, text, text, text, text, text, text, text)",
    "fblmail_sync_role(text)",
    "fblmail_my_channels()",
    "fblmail_coordination_case(text)",
    "fblmail_thread_writers(text[], timestamptz)",
)


def _table_sql() -> str:
    parts: list[str] = [
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
        "GRANT USAGE ON SCHEMA public TO fblmail_person;",
        "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;",
        "REVOKE ALL ON fblmail_notify_salt FROM PUBLIC;",
    ]
    for table, (person, support, policies) in TABLE_POLICIES.items():
        parts.append(f"REVOKE ALL ON {table} FROM PUBLIC, fblmail_person, fblmail_support;")
        if person:
            parts.append(f"GRANT {person} ON {table} TO fblmail_person;")
        if support:
            parts.append(f"GRANT {support} ON {table} TO fblmail_support;")
        if table in _NO_POLICY_TABLES:
            continue
        parts.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;")
        parts.append(
            "DO $$ DECLARE p text; BEGIN FOR p IN SELECT policyname FROM pg_policies "
            f"WHERE schemaname = 'public' AND tablename = '{table}' LOOP "
            f"EXECUTE format('DROP POLICY %I ON {table}', p); END LOOP; END $$;"
        )
        for name, command, using, check in policies:
            sql = f"CREATE POLICY {table}_{name} ON {table} FOR {command} TO fblmail_person"
            if using is not None:
                sql += f" USING ({using})"
            if check is not None:
                sql += f" WITH CHECK ({check})"
            parts.append(sql + ";")
    parts.append(
        "DO $$ DECLARE s text; BEGIN FOR s IN SELECT c.relname FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
        "AND c.relkind = 'S' AND c.relname NOT LIKE 'access_log%' LOOP "
        "EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %I TO fblmail_person', s); "
        "END LOOP; END $$;"
    )
    for function in _FUNCTIONS_FOR_PERSONS:
        parts.append(f"GRANT EXECUTE ON FUNCTION {function} TO fblmail_person;")
    # Policies call the helpers as the person, so persons may execute them (they reveal
    # only the caller's own account facts).
    for helper in (
        "fblmail_account_id()",
        "fblmail_my_role()",
        "fblmail_is_support()",
        "fblmail_my_mailboxes()",
        "fblmail_unit_mailboxes()",
        "fblmail_unit_addresses()",
        "fblmail_unit_logins()",
        "fblmail_message_held(integer)",
        "fblmail_thread_has_messages(text)",
        "fblmail_is_owner()",
    ):
        parts.append(f"GRANT EXECUTE ON FUNCTION {helper} TO fblmail_person;")
    return "\n".join(parts)


def setup_sql() -> str:
    """The whole idempotent set-up, to run as the store's owner in one transaction."""
    return "\n".join((_ROLES, _NOTIFY, _HELPERS, _LOG, _SYNC, _table_sql()))


MODE_SQL = (
    "SELECT c.relrowsecurity, pg_has_role(session_user, c.relowner, 'MEMBER'), "
    "session_user::text FROM pg_class c WHERE c.oid = to_regclass('public.access_log')"
)
"""(shared?, is the session the owner?, session user): one query, both read paths."""
