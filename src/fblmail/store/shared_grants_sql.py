"""Roles and privileges of a shared PostgreSQL store: who is a person, what they may touch.

- group roles: `fblmail_person` (every person's LOGIN role is in it, through one of
  `fblmail_staff`, `fblmail_manager`, `fblmail_support`, which follow `account.role`);
- privileges: persons get only what their policies need (shared_policies_sql.py); the log
  and its head get none; the definer functions persons call are granted by name.
"""

from __future__ import annotations

from fblmail.store.shared_helpers_sql import HELPERS_FOR_PERSONS
from fblmail.store.shared_policies_sql import NO_POLICY_TABLES, TABLE_POLICIES, policy_statements

PERSON = "fblmail_person"
GROUPS = {"staff": "fblmail_staff", "manager": "fblmail_manager", "support": "fblmail_support"}

ROLES = """
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

_FUNCTIONS_FOR_PERSONS = (
    "fblmail_log_append(text, text, text, text, text, text, text, text)",
    "fblmail_sync_role(text)",
    "fblmail_my_channels()",
    "fblmail_coordination_case(text)",
    "fblmail_thread_writers(text[], timestamptz)",
)


def privileges_sql() -> str:
    """Revoke what PUBLIC has, grant each table's privileges, and set its policies."""
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
        if table in NO_POLICY_TABLES:
            continue
        parts.extend(policy_statements(table, policies))
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
    for helper in HELPERS_FOR_PERSONS:
        parts.append(f"GRANT EXECUTE ON FUNCTION {helper} TO fblmail_person;")
    return "\n".join(parts)
