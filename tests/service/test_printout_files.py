"""Issue 13: a printout is recorded only with its file complete, never through a link."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from sqlmodel import Session, select

from fblmail.errors import InvalidInput
from fblmail.store.tables import Printout
from kit.people import World


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """A folder of its own for the printouts (the SQLite store lives in tmp_path)."""
    folder = tmp_path / "printouts"
    folder.mkdir()
    return folder


def _printouts(world: World) -> int:
    with Session(world.store.engine) as session:
        return len(session.exec(select(Printout)).all())


def test_symlink_output_is_refused_and_nothing_recorded(world: World, out_dir: Path) -> None:
    message_id = world.send("anna.ssk")
    elsewhere = out_dir / "elsewhere"
    elsewhere.mkdir()
    for name, pointee in (("dangling.pdf", elsewhere / "missing.pdf"), ("dir.pdf", elsewhere)):
        link = out_dir / name
        link.symlink_to(pointee)
        with pytest.raises(InvalidInput) as refused:
            world.as_("anna.ssk").printing.print_message(message_id, fmt="pdf", output=link)
        assert refused.value.field == "output" and "länk" in refused.value.sv
    assert _printouts(world) == 0
    assert not (elsewhere / "missing.pdf").exists() and list(elsewhere.iterdir()) == []


def test_a_full_disk_leaves_no_file_and_no_record(
    world: World, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message_id = world.send("anna.ssk")
    real_write = os.write

    def half_then_full(fd: int, data: bytes | memoryview) -> int:
        if len(data) > 100:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    # The module's own `os`, by name: the printout writes through it.
    monkeypatch.setattr("fblmail.service.messages.printout_files.os.write", half_then_full)
    with pytest.raises(InvalidInput) as full:
        world.as_("anna.ssk").printing.print_message(
            message_id, fmt="pdf", output=out_dir / "a.pdf"
        )
    monkeypatch.undo()
    assert full.value.field == "output" and os.strerror(errno.ENOSPC) in full.value.sv
    assert list(out_dir.iterdir()) == []  # neither the file nor its temporary
    assert _printouts(world) == 0


def test_a_failed_commit_removes_the_written_file(
    world: World, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message_id = world.send("anna.ssk")

    def commit_fails(*_args: object) -> None:
        raise RuntimeError("the commit failed")

    monkeypatch.setattr("fblmail.service.context.touch_last_active", commit_fails)
    with pytest.raises(RuntimeError):
        world.as_("anna.ssk").printing.print_message(
            message_id, fmt="text", output=out_dir / "a.txt"
        )
    monkeypatch.undo()
    assert list(out_dir.iterdir()) == [] and _printouts(world) == 0


def test_the_file_is_whole_private_and_recorded(world: World, out_dir: Path) -> None:
    message_id = world.send("anna.ssk")
    target = out_dir / "a.txt"
    result = world.as_("anna.ssk").printing.print_message(message_id, fmt="text", output=target)
    assert target.read_bytes() == result.content
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in out_dir.iterdir()] == ["a.txt"] and _printouts(world) == 1
