"""Faults from outside: each one exits with its code, names its cause, leaks nothing.

Every fault here is a real condition, never a mocked database: a file full to SQLite's own
page limit (`max_page_count`, SQLITE_FULL as on a full disk) or a small tmpfs when this
machine lets us mount one, a read-only file and folder seen by a non-root user, a
PostgreSQL session ended by the server in the middle of a send, bytes overwritten in the
middle of the file. Each test asserts the exit code, the cause in words, no traceback, no
personnummer, subject or body in the output, and that nothing was half-written.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.pool import Pool

from fblmail.store.engine import make_engine
from kit.cli import Cli
from kit.people import HERRHAGEN, KARLSTAD, TOLVAN, World
from kit.robustness import corrupt_middle_page

# The command line with a wide terminal and fresh consoles, as in tests/cli.
pytestmark = pytest.mark.usefixtures("fresh_cli_env")

SUBJECT = "Förnyelse av recept på Waran"
BODY = "Kan ni förnya receptet på Waran före fredag?"
SECRETS = (TOLVAN, "191212121212", SUBJECT, BODY, "Waran")


def send_args(body: str = BODY, subject: str = SUBJECT) -> list[str]:
    """A valid `send` from Karlstad to Vc Herrhagen."""
    return [
        "send", "--from", KARLSTAD, "--to", HERRHAGEN, "--category", "Recept",
        "--patient", TOLVAN, "--subject", subject, "--body", body, "--no-coordination-case",
    ]  # fmt: skip


def assert_clean(output: str, *, code: int, actual: int, words: tuple[str, ...]) -> None:
    """Exit code, cause named, no traceback, no patient data."""
    assert actual == code, output
    assert "Traceback" not in output and "[parameters" not in output and "[SQL" not in output
    for secret in SECRETS:
        assert secret not in output, (secret, output)
    low = output.lower()
    assert any(w.lower() in low for w in words), output


def count(url: str, table: str) -> int:
    """Rows in `table` (a fresh engine, so nothing is cached)."""
    engine = make_engine(url, create=False)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())  # noqa: S608
    finally:
        engine.dispose()


def whole(url: str) -> tuple[int, int]:
    """(messages, access-log rows): a send writes both or neither."""
    return count(url, "message"), count(url, "access_log")


# -- usage faults: exit 2, the field named -------------------------------------------------------


def test_nul_in_body_is_bad_input_on_both_back_ends(
    world: World, store_url: str, tmp_path: Path
) -> None:
    body = tmp_path / "body.txt"
    body.write_text("Före\x00efter " + BODY, "utf-8")
    before = whole(store_url)
    args = [a for a in send_args() if a not in ("--body", BODY)] + ["--body-file", str(body)]
    result = Cli(store_url)("anna.ssk", *args)
    assert_clean(result.stderr, code=2, actual=result.exit_code, words=("NUL",))
    assert "body" in result.stderr
    assert count(store_url, "message") == before[0]


def test_invalid_utf8_in_subject_names_the_field(world: World, store_url: str) -> None:
    before = whole(store_url)
    # Click hands `$'abc\xff'` over as a lone surrogate, like this
    result = Cli(store_url)("anna.ssk", *send_args(subject="abc\udcff"))
    assert_clean(result.stderr, code=2, actual=result.exit_code, words=("UTF-8",))
    assert "subject" in result.stderr
    assert count(store_url, "message") == before[0]


def test_invalid_utf8_from_a_real_command_line(sqlite_world_url: str) -> None:
    argv = ["--db", sqlite_world_url, "--user", "anna.ssk", *send_args()]
    argv[argv.index(SUBJECT)] = os.fsdecode(b"abc\xff")
    result = run_fblmail(argv)
    assert_clean(result.stderr, code=2, actual=result.returncode, words=("UTF-8",))


def test_a_note_field_is_guarded_too(world: World, store_url: str) -> None:
    sent = world.send()
    result = Cli(store_url)("anna.ssk", "resolve", sent, "--by", "phone", "--note", "a\x00b")
    assert_clean(result.stderr, code=2, actual=result.exit_code, words=("NUL",))


def test_cursor_beyond_an_integer_is_a_usage_error(world: World, store_url: str) -> None:
    world.send()
    cursor = "2026-11-02T08:30:00+00:00|99999999999999999999999"
    result = Cli(store_url)("anna.ssk", "list", "--cursor", cursor)
    assert_clean(result.stderr, code=2, actual=result.exit_code, words=("sidmarkör",))


# -- no store: nothing created -------------------------------------------------------------------


def test_a_mistyped_path_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "typo" / "deeper" / "typo.db"
    for args in (["list"], ["check"], ["audit", "verify"], ["doctor"], ["directory", "list"]):
        result = Cli(f"sqlite:///{target}")("anna.ssk", *args)
        assert_clean(result.stderr, code=5, actual=result.exit_code, words=("fblmail init",))
        assert str(target) in result.stderr.replace("\n", "")
    assert not (tmp_path / "typo").exists()


def test_a_deleted_store_is_not_replaced_by_an_empty_one(sqlite_world_url: str) -> None:
    path = Path(sqlite_world_url.removeprefix("sqlite:///"))
    path.unlink()
    result = Cli(sqlite_world_url)("anna.ssk", *send_args())
    assert_clean(result.stderr, code=5, actual=result.exit_code, words=("säkerhetskopia",))
    assert not path.exists()


# -- schema: the truth about what the store is ----------------------------------------------------


def test_tables_without_a_version_row(sqlite_world_url: str) -> None:
    with sqlite3.connect(sqlite_world_url.removeprefix("sqlite:///")) as conn:
        conn.execute("DELETE FROM alembic_version")
    cli = Cli(sqlite_world_url)
    for args in (["list"], ["init"]):
        result = cli("sara.support", *args)
        assert_clean(result.stderr, code=5, actual=result.exit_code, words=("ingen schemaversion",))
        assert "Kör `fblmail init` först" not in result.stderr


def test_an_unknown_older_version_is_not_called_newer(sqlite_world_url: str) -> None:
    with sqlite3.connect(sqlite_world_url.removeprefix("sqlite:///")) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0000'")
    result = Cli(sqlite_world_url)("anna.ssk", "list")
    assert_clean(result.stderr, code=5, actual=result.exit_code, words=("aldrig har haft",))
    assert "nyare än det här programmet" not in result.stderr


# -- full disk -----------------------------------------------------------------------------------


@pytest.fixture
def page_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every new SQLite connection may not grow its file: SQLite answers SQLITE_FULL.

    Both ways of connecting are limited: SQLAlchemy's pool and the DB-API query layer
    (`store/query/connection.connect`, which `send` and the read commands use)."""
    from fblmail.store.query import connection

    def limit(dbapi_connection: Any, _record: Any = None) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    plain_connect = connection.connect

    def limited_connect(target: Any, *, write: bool = False) -> Any:
        conn = plain_connect(target, write=write)
        limit(conn)
        return conn

    monkeypatch.setattr(connection, "connect", limited_connect)
    event.listen(Pool, "connect", limit)
    yield
    event.remove(Pool, "connect", limit)


def test_send_on_a_full_file(sqlite_world_url: str, page_limit: None) -> None:
    world_url = sqlite_world_url
    with sqlite3.connect(world_url.removeprefix("sqlite:///")) as conn:
        conn.execute("VACUUM")  # no free pages left to reuse
    before = whole(world_url)
    result = Cli(world_url)("anna.ssk", *send_args(body=BODY + " x" * 40_000))
    assert_clean(result.stderr, code=5, actual=result.exit_code, words=("disken är full",))
    assert whole(world_url) == before


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def test_send_on_a_really_full_disk(sqlite_world_url: str) -> None:
    where = Path(tempfile.mkdtemp(prefix="fbl-full-"))
    if not _mount_tmpfs(where, "4m"):
        where.rmdir()
        pytest.skip("cannot mount a small tmpfs here (needs root); the page-limit test covers it")
    try:
        url = f"sqlite:///{where / 'store.db'}"
        shutil.copyfile(sqlite_world_url.removeprefix("sqlite:///"), where / "store.db")
        (where / "store.db").chmod(0o600)
        cli = Cli(url)
        for n in range(3):
            cli.ok("anna.ssk", *send_args(body=f"{BODY} {n}"))
        before = whole(url)
        filler = where / "filler"
        with filler.open("wb", buffering=0) as fh, pytest.raises(OSError):
            while True:
                fh.write(b"\0" * 4096)
        argv = ["--db", url, "--user", "anna.ssk"]
        sent = run_fblmail([*argv, *send_args(body=BODY + " x" * 40_000)])
        assert_clean(sent.stderr, code=5, actual=sent.returncode, words=("disken är full",))
        purge = run_fblmail([*argv, "purge", "--mailbox", KARLSTAD, "--all-folders", "--yes"])
        assert_clean(purge.stderr, code=5, actual=purge.returncode, words=("disken är full",))
        filler.unlink()
        assert whole(url) == before
    finally:
        subprocess.run(["umount", str(where)], check=False)
        where.rmdir()


# -- read-only file and folder, as a user who is not root ------------------------------------------


def as_other_user() -> list[str]:
    """A prefix that runs a command as `nobody` when we are root (root ignores modes)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is needed to drop root here")
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def run_fblmail(argv: list[str], prefix: list[str] | None = None) -> Any:
    """`python -m fblmail ARGV` in a subprocess (Swedish, wide, no config)."""
    env = {
        **os.environ,
        "COLUMNS": "200",
        "FBLMAIL_CONFIG": "/nonexistent/fblmail.toml",
        "FBLMAIL_LANG": "sv",
        "HOME": "/tmp",
    }
    env.pop("FBLMAIL_DATABASE_URL", None)
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "fblmail", *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


@pytest.fixture
def shared_dir(sqlite_world_url: str) -> Iterator[Path]:
    """A folder outside root's private tmp, holding a copy of the world, owned by `nobody`."""
    where = Path(tempfile.mkdtemp(prefix="fbl-ro-"))
    shutil.copyfile(sqlite_world_url.removeprefix("sqlite:///"), where / "store.db")
    if os.geteuid() == 0:
        for p in (where, where / "store.db"):
            os.chown(p, 65534, 65534)
    yield where
    for p in where.iterdir():
        p.chmod(0o600)
    where.chmod(0o700)
    shutil.rmtree(where)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_file_and_folder(shared_dir: Path, what: str) -> None:
    path = shared_dir / "store.db"
    url = f"sqlite:///{path}"
    before = whole(url)
    (path if what == "file" else shared_dir).chmod(0o444 if what == "file" else 0o555)
    result = run_fblmail(["--db", url, "--user", "anna.ssk", *send_args()], as_other_user())
    words = ("skrivskyddad", "går inte att öppna")
    assert_clean(result.stderr, code=5, actual=result.returncode, words=words)
    shared_dir.chmod(0o755)
    path.chmod(0o644)
    assert whole(url) == before


# -- PostgreSQL goes away in the middle of a send -------------------------------------------------


@pytest.fixture
def pg_world_url(world: World, store_url: str, backend: str) -> str:
    """The world on PostgreSQL only."""
    if backend != "postgres":
        pytest.skip("PostgreSQL only")
    world.store.engine.dispose()
    return store_url


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_postgres_session_ended_during_the_insert(
    pg_world_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    before = whole(pg_world_url)
    ended: list[int] = []

    from fblmail.store.query.connection import Reader

    plain_all = Reader.all

    def kill_on_insert(db: Reader, statement: str, params: Any = ()) -> Any:
        """The send's statements go through the DB-API query layer (`store/query`): end
        the server's session for this connection just before the message is inserted."""
        if statement.lstrip().upper().startswith("INSERT INTO MESSAGE") and not ended:
            pid = plain_all(db, "SELECT pg_backend_pid()")[0][0]
            plain = pg_world_url.replace("postgresql+psycopg://", "postgresql://")
            with psycopg.connect(plain, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            ended.append(pid)
        return plain_all(db, statement, params)

    monkeypatch.setattr(Reader, "all", kill_on_insert)
    result = Cli(pg_world_url)("anna.ssk", *send_args())
    assert ended, "the send never reached its INSERT"
    assert_clean(result.stderr, code=5, actual=result.exit_code, words=("förbindelsen",))
    assert whole(pg_world_url) == before


def test_postgres_server_stopped(tmp_path: Path) -> None:
    import pgserver

    datadir = Path("/tmp") / f"fbl-stop-{os.getpid()}"
    shutil.rmtree(datadir, ignore_errors=True)
    server = pgserver.get_server(datadir, cleanup_mode="delete")
    url = server.get_uri()
    server.cleanup()  # stopped (and gone): the next command finds nobody there
    result = Cli(url)("anna.ssk", "list")
    assert_clean(result.stderr, code=5, actual=result.exit_code, words=("förbindelsen",))


# -- a damaged file --------------------------------------------------------------------------------


def test_a_corrupt_page_is_found_and_blocks_writes(sqlite_world_url: str) -> None:
    cli = Cli(sqlite_world_url)
    for n in range(12):
        cli.ok("anna.ssk", *send_args(body=f"{BODY} {n} " + "text " * 400))
    path = Path(sqlite_world_url.removeprefix("sqlite:///"))
    corrupt_middle_page(path)
    found = cli(None, "doctor", "--json")
    assert found.exit_code == 5
    assert "åtkomstloggen" in found.stderr  # a damaged file takes no row, and says so
    assert '"damaged": true' in found.stdout and "Traceback" not in found.stderr
    assert (path.parent / "store.db-damaged").exists()
    before = path.read_bytes()
    result = cli("anna.ssk", *send_args())
    assert_clean(result.stderr, code=5, actual=result.exit_code, words=("skadad",))
    assert path.read_bytes() == before  # nothing written
    check = cli("anna.ssk", "check", "--json")
    assert_clean(check.stderr, code=5, actual=check.exit_code, words=("skadad",))


def test_backup_then_restore_lifts_the_block(sqlite_world_url: str, tmp_path: Path) -> None:
    cli = Cli(sqlite_world_url)
    cli.ok("anna.ssk", *send_args())
    copy = tmp_path / "safe" / "backup.db"
    old = os.umask(0o022)
    try:
        cli.ok("sara.support", "backup", str(copy))
    finally:
        os.umask(old)
    assert copy.stat().st_mode & 0o777 == 0o600
    assert copy.parent.stat().st_mode & 0o777 == 0o700
    again = cli("sara.support", "backup", str(copy))
    assert again.exit_code == 2 and "finns redan" in again.stderr
    path = Path(sqlite_world_url.removeprefix("sqlite:///"))
    corrupt_middle_page(path)
    assert cli(None, "doctor").exit_code == 5
    for p in [path, path.with_name("store.db-wal"), path.with_name("store.db-shm")]:
        p.unlink(missing_ok=True)
    shutil.copyfile(copy, path)
    assert cli(None, "doctor").exit_code == 0
    assert not (path.parent / "store.db-damaged").exists()
    assert count(sqlite_world_url, "message") == 1
    cli.ok("anna.ssk", *send_args())


def test_doctor_on_a_healthy_store(cli: Cli, backend: str) -> None:
    if backend == "sqlite":
        Path(cli.url.removeprefix("sqlite:///")).chmod(0o600)
    found = cli.json(None, "doctor")
    assert found["healthy"] is True and found["damaged"] is False
    checks = {f["check"]: f["status"] for f in found["findings"]}
    assert checks["schema"] == "ok" and checks["pages"] == "ok" and checks["audit_tail"] == "ok"
    if backend == "sqlite":
        assert checks["search_index"] == "ok" and checks["file_modes"] == "ok"
    else:
        assert cli(None, "backup", "/tmp/x.dump").exit_code == 2


def test_doctor_finds_a_broken_log_tail(sqlite_world_url: str) -> None:
    with sqlite3.connect(sqlite_world_url.removeprefix("sqlite:///")) as conn:
        triggers = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'access_log'"
        ).fetchall()
        for (name,) in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute(
            "UPDATE access_log SET actor = 'mallory' WHERE id = (SELECT max(id) FROM access_log)"
        )
    found = Cli(sqlite_world_url)(None, "doctor")
    assert found.exit_code == 5 and "kedja är bruten" in found.stdout


# -- --debug shows the traceback, still without parameters -----------------------------------------


def test_debug_shows_the_traceback_without_parameters(sqlite_world_url: str) -> None:
    path = Path(sqlite_world_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON message BEGIN SELECT RAISE(ABORT, 'x'); END"
        )
    done = run_fblmail(["--debug", "--db", sqlite_world_url, "--user", "anna.ssk", *send_args()])
    assert "Traceback" in done.stderr and done.returncode == 5
    for secret in SECRETS:
        assert secret not in done.stderr
    plain = run_fblmail(["--db", sqlite_world_url, "--user", "anna.ssk", *send_args()])
    assert_clean(plain.stderr, code=5, actual=plain.returncode, words=("IntegrityError",))


# -- SQLite stays a private, single-user file ------------------------------------------------------


def test_init_makes_a_private_store_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "a" / "b" / "fblmail.db"
        cli = Cli(f"sqlite:///{path}")
        cli.ok("sara.support", "init", "--no-directory")
        engine = make_engine(f"sqlite:///{path}", create=False)
        with engine.connect() as conn:  # keeps -wal and -shm in place while we look
            conn.execute(text("SELECT count(*) FROM message")).scalar_one()
            modes = {p.name: p.stat().st_mode & 0o777 for p in path.parent.iterdir()}
        engine.dispose()
    finally:
        os.umask(old)
    assert modes == {"fblmail.db": 0o600, "fblmail.db-wal": 0o600, "fblmail.db-shm": 0o600}
    assert (tmp_path / "a").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "a" / "b").stat().st_mode & 0o777 == 0o700


def test_a_store_others_can_read_is_named_with_the_fix(sqlite_world_url: str) -> None:
    path = Path(sqlite_world_url.removeprefix("sqlite:///"))
    path.chmod(0o644)
    result = Cli(sqlite_world_url)("anna.ssk", "list")
    assert result.exit_code == 0
    assert f"chmod 600 {path}" in result.stderr.replace("\n", "")
    assert "PostgreSQL" in result.stderr


# -- the classifier itself ----------------------------------------------------------------------


def test_the_classifier_never_repeats_the_driver_text() -> None:
    from sqlalchemy.exc import OperationalError

    from fblmail.i18n import set_language
    from fblmail.store.faults import describe_store_error

    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13
    full.sqlite_errorname = "SQLITE_FULL"
    wrapped = OperationalError("INSERT INTO message ...", {"patient": TOLVAN}, full)
    set_language("en")
    try:
        code, words = describe_store_error(wrapped)
        other = describe_store_error(ValueError(f"bad {TOLVAN}"))
    finally:
        set_language("sv")
    assert code == 5 and "disk is full" in words and TOLVAN not in words and "INSERT" not in words
    assert other[0] == 1 and TOLVAN not in other[1] and "ValueError" in other[1]


@pytest.fixture
def sqlite_world_url(sqlite_store_url: str, clock: Any) -> str:
    """The standard world in a fresh SQLite file, with no engine left open."""
    from fblmail.store.engine import Store
    from kit.people import populate

    engine = make_engine(sqlite_store_url)
    populate(Store(engine), clock)
    engine.dispose()
    return sqlite_store_url


def test_the_apps_reader_names_the_cause_too(tmp_path: Path) -> None:
    from fblmail.errors import StoreProblem
    from fblmail.service.mailboxes.inbox import Inbox

    path = tmp_path / "not-a-store.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8192)
    inbox = Inbox.open(f"sqlite:///{path}", "anna.ssk")
    try:
        with pytest.raises(StoreProblem) as caught:
            inbox.viewer()
    finally:
        inbox.close()
    assert "SQLite" in caught.value.sv and "Traceback" not in caught.value.sv
    assert "file is not a database" not in caught.value.sv  # the driver's own words


def test_the_app_warns_about_a_shared_file_and_names_a_missing_one(
    sqlite_world_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fblmail.errors import StoreProblem
    from fblmail.service.mailboxes.inbox import Inbox
    from fblmail.tui.launch import _warn_if_shared

    path = Path(sqlite_world_url.removeprefix("sqlite:///"))
    path.chmod(0o640)
    _warn_if_shared(sqlite_world_url)
    assert f"chmod 600 {path}" in capsys.readouterr().err
    path.chmod(0o600)
    _warn_if_shared(sqlite_world_url)
    assert capsys.readouterr().err == ""
    missing = tmp_path / "typo.db"
    inbox = Inbox.open(f"sqlite:///{missing}", "anna.ssk")
    try:
        with pytest.raises(StoreProblem) as caught:
            inbox.viewer()
    finally:
        inbox.close()
    assert str(missing) in caught.value.sv and "fblmail init" in caught.value.sv
    assert not missing.exists()
