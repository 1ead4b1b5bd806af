"""`fblmail directory ...` and `fblmail admin ...`."""

from __future__ import annotations

from pathlib import Path

from kit.cli import Cli
from kit.people import DIRECTORY_FILE, HERRHAGEN, KARLSTAD, TOLVAN, World


def test_directory_list_and_presets(world: World, cli: Cli) -> None:
    units = cli.json("anna.ssk", "directory", "list")
    karlstad = next(u for u in units if u["code"] == "karlstad")
    assert karlstad["fbl"] == KARLSTAD and karlstad["kind"] == "municipality"
    assert set(karlstad) == {"code", "name", "kind", "fbl", "closed", "presets"}
    presets = cli.json("anna.ssk", "directory", "list", "--preset-for", "Karlstad")
    assert [u["fbl"] for u in presets] == karlstad["presets"]
    assert HERRHAGEN in karlstad["presets"]
    human = cli.ok("anna.ssk", "directory", "list", "--preset-for", "karlstad").stdout
    assert "Förvalslista för karlstad" in human and "Vc Herrhagen" in human
    assert "vårdcentral" in cli.ok("anna.ssk", "directory", "list").stdout
    unknown = cli("anna.ssk", "directory", "list", "--preset-for", "Oslo")
    assert unknown.exit_code == 4 and "Oslo" in unknown.stderr  # unknown: 4 (issue 13)


def test_directory_import_is_idempotent(world: World, cli: Cli) -> None:
    result = cli.ok("sara.support", "directory", "import", str(DIRECTORY_FILE))
    assert "0 nya, 0 ändrade, 45 oförändrade" in result.stdout
    refused = cli("anna.ssk", "directory", "import", str(DIRECTORY_FILE))
    assert refused.exit_code == 4 and "supportenheten" in refused.stderr


def test_bad_directory_file_reports_every_error_with_line_numbers(
    world: World, cli: Cli, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.directory"
    bad.write_text(
        "[kommun] Karlstad\nfbl Karlstad utan likhetstecken\n\n[avdelning] Okänd\n", "utf-8"
    )
    result = cli("sara.support", "directory", "import", str(bad))
    assert result.exit_code == 2
    assert "rad 2" in result.stderr and "rad 4" in result.stderr
    assert "inget lästes in" in result.stderr
    english = cli("sara.support", "directory", "import", str(bad), lang="en")
    assert "line 2" in english.stderr
    assert cli("sara.support", "directory", "import", str(tmp_path / "nope")).exit_code == 2


def test_admin_account_and_membership(world: World, cli: Cli) -> None:
    add = ["admin", "account", "add"]
    lisa = ["lisa.ssk", "--name", "Lisa Lund", "--org", "karlstad", "--title", "Sjuksköterska"]
    created = cli.json("sara.support", *add, *lisa, "--mailbox", KARLSTAD)
    assert created["login"] == "lisa.ssk" and created["mailboxes"] == [KARLSTAD]
    assert cli.json("lisa.ssk", "list") == []  # the new account can work at once
    assert cli("sara.support", *add, *lisa).exit_code == 2  # it exists already
    human = cli.ok("sara.support", "admin", "member", "add", "lisa.ssk", HERRHAGEN).stdout
    assert "Behörighet given" in human and "Vc Herrhagen" in human
    removed = cli.json("sara.support", "admin", "member", "remove", "lisa.ssk", KARLSTAD)
    assert removed["mailboxes"] == [HERRHAGEN]
    again = cli("sara.support", "admin", "member", "remove", "lisa.ssk", KARLSTAD)
    assert again.exit_code == 2
    other = ["x.y", "--name", "X", "--org", "arvika"]
    assert cli("anna.ssk", *add, *other).exit_code == 4
    bad_role = cli("sara.support", *add, *other, "--role", "king")
    assert bad_role.exit_code == 2 and "roll" in bad_role.stderr


def test_coordination_register_blocks_sending(world: World, cli: Cli, tmp_path: Path) -> None:
    register = tmp_path / "register.txt"
    register.write_text(f"# Pågående samordningsärenden\n\n{TOLVAN}  # Tolvan\n", "utf-8")
    imported = cli.ok("sara.support", "admin", "coordination", "import", str(register))
    assert "1 patienter" in imported.stdout
    send = ["send", "--from", KARLSTAD, "--to", HERRHAGEN, "--category", "Recept"]
    what = ["--subject", "Recept", "--body", "Förnya?", "--no-coordination-case"]
    refused = cli("anna.ssk", *send, "--patient", TOLVAN, *what)
    assert refused.exit_code == 3 and "R3" in refused.stderr and "Cosmic Link" in refused.stderr
    register.write_text("19121212-1212\nnot a number\n# ok\n19121212-1213\n", "utf-8")
    bad = cli("sara.support", "admin", "coordination", "import", str(register))
    assert bad.exit_code == 2 and "rad 2" in bad.stderr and "rad 4" in bad.stderr
    emptied = cli.ok("sara.support", "admin", "coordination", "import", "-", input="")
    assert "0 patienter" in emptied.stdout
