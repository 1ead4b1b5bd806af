"""R14/R16: printouts are marked on every page, recorded, logged and destroyed at close."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from fblmail.errors import InvalidInput, NoAccess, Refused
from fblmail.printing.document import MARK, PrintDocument, PrintedMessage, render_text
from fblmail.printing.pdf import FONT_ENV, find_unicode_font, render_pdf
from fblmail.service.messages.printing import open_printouts_for
from fblmail.store.tables import Mailbox, Printout
from kit.people import HERRHAGEN, KARLSTAD, World
from kit.stores import log_rows, refusals

LONG_BODY = "\n".join(
    f"Rad {n}: läkemedelslistan, dosering och uppföljning – åäö ÅÄÖ é." for n in range(1, 241)
)


def _pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _doc(body: str) -> PrintDocument:
    return PrintDocument(
        title="Ärende: Fråga – patient 19121212-1212",
        printed_by="Anna Andersson (anna.ssk), Karlstad",
        printed_at="2026-11-02 09:30",
        printout_no=1,
        messages=(PrintedMessage("Meddelande 1 av 1", (("Från", "Karlstad (FBL)"),), body),),
    )


def test_text_printout_is_marked_on_every_page(world: World) -> None:
    message_id = world.send("anna.ssk", body=LONG_BODY, not_acute=True)
    world.as_("cecilia.dr").messaging.reply(message_id, "Svar: listan stämmer.\x1b[2J")
    result = world.as_("anna.ssk").printing.print_message(message_id, fmt="text")
    text = result.content.decode("utf-8")
    pages = text.split("\f")
    assert result.pages == len(pages) >= 4
    lines = text.splitlines()
    assert lines[0] == MARK and MARK in lines[-1]
    for number, page in enumerate(pages, start=1):
        page_lines = page.strip("\n").splitlines()
        assert page_lines[0] == MARK
        assert page_lines[-1] == f"{MARK} · sida {number} av {len(pages)}"
        assert len(page_lines) <= 60
    assert "Rad 240:" in text and "Svar: listan stämmer." in text
    assert "\x1b" not in text and "\\x1b[2J" in text  # control characters shown, never sent


def test_pdf_printout_is_marked_on_every_page(world: World, tmp_path: Path) -> None:
    message_id = world.send("anna.ssk", body=LONG_BODY, not_acute=True)
    out = tmp_path / "utskrift.pdf"
    result = world.as_("anna.ssk").printing.print_message(message_id, fmt="pdf", output=out)
    assert result.path == out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # patient data: the owner only
    pages = _pdf_pages(out.read_bytes())
    assert result.pages == len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert page.count(MARK) == 2, page[:200]  # header and footer
        assert f"sida {number} av {len(pages)}" in page
    assert "Rad 240:" in "".join(pages)


def test_pdf_core_font_fallback_shows_what_it_cannot_print(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(FONT_ENV, str(tmp_path / "no-such-font.ttf"))
    assert find_unicode_font() is None
    data, pages = render_pdf(_doc("Hej åäö é – 漢 ✓\n" + LONG_BODY), font=None)
    texts = _pdf_pages(data)
    assert pages == len(texts) >= 3
    assert all(MARK in t for t in texts)
    assert "Hej åäö é – [U+6F22] [U+2713]" in texts[0]


def test_pdf_with_unicode_font() -> None:
    font = find_unicode_font()
    if font is None:
        pytest.skip("no DejaVu Sans on this machine (the core-font fallback is tested)")
    data, _ = render_pdf(_doc("Hej åäö – ✓ 漢"), font=font)
    [page] = _pdf_pages(data)
    assert MARK in page
    assert "✓" in page and "[U+6F22]" in page  # DejaVu has no CJK: shown, not dropped


def test_text_renderer_pages() -> None:
    text, pages = render_text(_doc("kort"), page_lines=10)
    assert pages == len(text.split("\f"))
    assert all(p.strip("\n").startswith(MARK) for p in text.split("\f"))
    with pytest.raises(ValueError):
        render_text(_doc("x"), page_lines=3)


def test_printout_is_recorded_and_logged(world: World, tmp_path: Path) -> None:
    message_id = world.send("anna.ssk")
    before = log_rows(world.store)[-1].id or 0
    result = world.as_("anna.ssk").printing.print_message(
        message_id, fmt="pdf", output=tmp_path / "a.pdf"
    )
    [row] = log_rows(world.store, before)
    assert (row.action, row.outcome, row.actor, row.actor_unit) == (
        "print",
        "ok",
        "anna.ssk",
        "Karlstad",
    )
    assert (row.mailbox, row.message_id, row.thread_id, row.patient) == (
        KARLSTAD,
        message_id,
        result.thread_id,
        "191212121212",
    )
    with world.store.read() as session:
        printout = session.exec(select(Printout)).one()
    assert (printout.id, printout.login, printout.format, printout.destroyed_at) == (
        result.printout_id,
        "anna.ssk",
        "pdf",
        None,
    )
    # The file is new, never overwritten: a second print to the same name is refused.
    with pytest.raises(InvalidInput) as taken:
        world.as_("anna.ssk").printing.print_message(
            message_id, fmt="pdf", output=tmp_path / "a.pdf"
        )
    assert taken.value.field == "output"


def test_outsiders_cannot_print(world: World, tmp_path: Path) -> None:
    message_id = world.send("anna.ssk")
    for login in ("gustav.ssk", "sara.support", "nobody"):
        with pytest.raises(NoAccess):
            world.as_(login).printing.print_message(
                message_id, fmt="text", output=tmp_path / f"{login}.txt"
            )
        assert len(refusals(world.store, login)) == 1
        assert not (tmp_path / f"{login}.txt").exists()
    with world.store.read() as session:
        assert session.exec(select(Printout)).all() == []


def test_close_asks_for_destroyed_printouts(world: World) -> None:
    message_id = world.send("anna.ssk")
    world.as_("anna.ssk").printing.print_message(message_id, fmt="text")
    world.as_("cecilia.dr").printing.print_message(message_id, fmt="text")
    with pytest.raises(Refused) as refused:
        world.as_("bengt.ssk").printing.close_thread(message_id)
    assert refused.value.rule == "R16"
    assert "--printouts-destroyed" in refused.value.sv
    [row] = refusals(world.store, "bengt.ssk")
    assert (row.action, row.outcome, row.rule, row.message_id) == (
        "close",
        "refused",
        "R16",
        message_id,
    )
    before = log_rows(world.store)[-1].id or 0
    closed = world.as_("bengt.ssk").printing.close_thread(message_id, printouts_destroyed=True)
    assert (closed.already_closed, closed.printouts_destroyed) == (False, 1)
    [row] = log_rows(world.store, before)
    assert (row.action, row.outcome, row.mailbox, row.patient) == (
        "close",
        "ok",
        KARLSTAD,
        "191212121212",
    )
    with world.store.read() as session:
        printouts = {p.login: p for p in session.exec(select(Printout)).all()}
        herrhagen = session.exec(select(Mailbox.id).where(Mailbox.address == HERRHAGEN)).one()
        karlstad = session.exec(select(Mailbox.id).where(Mailbox.address == KARLSTAD)).one()
        assert herrhagen is not None and karlstad is not None  # stored rows have their ids
        # Karlstad confirmed its own printout; Vc Herrhagen's is still out there.
        assert printouts["anna.ssk"].destroyed_by == "bengt.ssk"
        assert printouts["cecilia.dr"].destroyed_at is None
        assert open_printouts_for(session, {karlstad}) == []
        [open_case] = open_printouts_for(session, {herrhagen, karlstad})
    assert (open_case.mailbox, open_case.thread_id) == (HERRHAGEN, closed.thread_id)
    assert [p.login for p in open_case.printouts] == ["cecilia.dr"]
    assert open_case.patient == "19121212-1212"
    # Vc Herrhagen confirms on the already closed case; then nothing is left.
    again = world.as_("david.ssk").printing.close_thread(message_id, printouts_destroyed=True)
    assert (again.already_closed, again.printouts_destroyed) == (True, 1)
    with world.store.read() as session:
        assert open_printouts_for(session, {herrhagen, karlstad}) == []


def test_close_without_printouts(world: World) -> None:
    message_id = world.send("anna.ssk")
    closed = world.as_("anna.ssk").printing.close_thread(message_id)
    assert (closed.already_closed, closed.printouts_destroyed) == (False, 0)
    with pytest.raises(NoAccess):
        world.as_("gustav.ssk").printing.close_thread(message_id)
