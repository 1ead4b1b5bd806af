"""The test kit: the helpers every tier shares, imported as `from kit.cli import Cli`.

`tests/` is on `sys.path` (pytest's `pythonpath` setting, mypy's `mypy_path`), so this is
the top-level package `kit` in both, and a test never imports another test module.

- `kit.people`: the standard cast, the directory, test patients, the fake clock, `World`.
- `kit.stores`: reading and damaging a store behind the program's back (rows, log, tamper).
- `kit.service`: acts through the service (refusals, account requests, the routine).
- `kit.cli`: running `fblmail` in-process or on a pseudo-terminal.
- `kit.shared`: a shared PostgreSQL store, connected as each person's own role.
- `kit.tui`: driving the app with Pilot; `kit.screens`: one screen in a host app;
  `kit.tmux`: the real program in tmux.
- `kit.robustness` and `kit.sender`: sender processes and checks that a store is whole.
"""
