"""Definer helpers of a shared PostgreSQL store: who the session's person is, and what
they may see, for the row-level security policies (shared_policies_sql.py) to call.

Each maps `session_user` to the person's active account, role, unit or mailboxes, or looks
past the caller's row-level security to answer one yes/no question (is this message still
held, is this patient in the coordination register). They reveal only the caller's own
account facts, so persons may execute them (shared_grants_sql.py).
"""

from __future__ import annotations

# Helpers: PL/pgSQL (its plans are cached per session; a SQL function with SET is
# planned afresh on every call); SECURITY DEFINER so that policies can look up the
# caller's account without the caller being able to read (or needing policies on) those
# rows; STABLE, and written in policies as `(SELECT fblmail_...())`, so that each is
# computed once per statement.
HELPERS = """
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

HELPERS_FOR_PERSONS = (
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
)
"""The helpers that policies call as the person, so persons may execute them."""
