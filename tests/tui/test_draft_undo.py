"""`u` brings back a draft deleted with `d` in this session, every field as it was saved.

The inbox keeps the deleted draft in memory and saves it again through the drafts service
(`Drafts.save` under its old id), so the draft list, the access log and other sessions see
it as any saved draft.
"""

from __future__ import annotations

from dataclasses import asdict

from fblmail.service.mailboxes.drafts import DraftInput
from fblmail.tui.compose.draft_delete import DeleteDraftScreen
from fblmail.tui.widgets.mailbox_tree import DRAFTS, MailboxTree
from fblmail.tui.widgets.pager import DraftRow
from kit.people import HERRHAGEN, KARLSTAD, TOLVAN
from kit.tui import SIZE, AppFactory, TuiWorld, ready, run_async, screen_text, the_list, wait_for


@run_async
async def test_u_restores_the_draft_deleted_with_d(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    david = tui_world.world.as_("david.ssk")
    kept = david.drafts.save(
        DraftInput(from_address=HERRHAGEN, to_address=KARLSTAD, category="Fråga",
                   patient=TOLVAN, subject="Ångra mig", body="Rad ett\nRad två")
    )  # fmt: skip
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.screen.query_one(MailboxTree).select_folder(DRAFTS, address=HERRHAGEN)
        await wait_for(pilot, lambda: isinstance(the_list(app).current, DraftRow))
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DeleteDraftScreen))
        assert "u ångrar" in screen_text(app)
        await pilot.press("j")
        await wait_for(pilot, lambda: david.drafts.list() == [])
        await wait_for(pilot, lambda: "Ångra mig" not in screen_text(app))
        await pilot.press("u")
        await wait_for(pilot, lambda: len(david.drafts.list()) == 1)
        await wait_for(pilot, lambda: "Ångra mig" in screen_text(app))
        assert any("tillbaka i Utkast" in n.message for n in app._notifications)
        await pilot.press("u")  # nothing more to undo: the draft stays
        await pilot.pause()
    (back,) = david.drafts.list()
    same = {k: v for k, v in asdict(kept).items() if k != "updated_at"}
    assert {k: v for k, v in asdict(back).items() if k != "updated_at"} == same
