"""Row-level security of a shared PostgreSQL store: who reads and changes which rows.

`TABLE_POLICIES` names every table of the store (store/tables/; a test checks) with the
privileges a person and support get on it and its policies, implementing the need-to-know
table in the README ("Who reads what on a shared store"). A new table holding patient data
needs its policies here before it can be merged. The policies call the definer helpers of
shared_helpers_sql.py; shared_grants_sql.py turns this table into GRANTs and policies.
"""

from __future__ import annotations

# ruff: noqa: S608  (SQL built from constants in this file, never from user input)

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

NO_POLICY_TABLES = ("alembic_version",)
"""Tables with privileges but no row-level security (they hold no patient data)."""


def policy_statements(table: str, policies: tuple[Policy, ...]) -> list[str]:
    """Turn on row-level security for `table` and replace its policies with `policies`."""
    parts = [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;"]
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
    return parts
