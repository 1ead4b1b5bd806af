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

Where each part lives: roles and privileges in shared_grants_sql.py, the definer helpers the
policies call in shared_helpers_sql.py, the functions and triggers that write for a person
(the log, role sync, notifications) in shared_writes_sql.py, and the row-level security
policies, `TABLE_POLICIES`, in shared_policies_sql.py. Every table of `store/tables/` must
be named in `TABLE_POLICIES` (a test checks): a new table holding patient data needs its
policies there before it can be merged. This module stays free of imports beyond those
string constants, because the inbox's fast first paint reads `MODE_SQL` from it.
"""

from __future__ import annotations

from fblmail.store.shared_grants_sql import GROUPS, PERSON, ROLES, privileges_sql
from fblmail.store.shared_helpers_sql import HELPERS
from fblmail.store.shared_policies_sql import TABLE_POLICIES, Policy
from fblmail.store.shared_writes_sql import LOG, NOTIFY, SYNC

# Re-exported: `TABLE_POLICIES` is what a new table's author looks for here (README).
__all__ = ["GROUPS", "MODE_SQL", "PERSON", "TABLE_POLICIES", "Policy", "setup_sql"]


def setup_sql() -> str:
    """The whole idempotent set-up, to run as the store's owner in one transaction."""
    return "\n".join((ROLES, NOTIFY, HELPERS, LOG, SYNC, privileges_sql()))


MODE_SQL = (
    "SELECT c.relrowsecurity, pg_has_role(session_user, c.relowner, 'MEMBER'), "
    "session_user::text FROM pg_class c WHERE c.oid = to_regclass('public.access_log')"
)
"""(shared?, is the session the owner?, session user): one query, both read paths."""
