"""`FblApp`: the app's global keys, its screens, the palette and the user's keymap.

The app opens on the inbox at once; the inbox reads its first rows through the light
`Inbox` reader while the full service layer (SQLAlchemy, SQLModel, every use case) is
imported in a thread worker (`FblShell`, shell.py) into the `Services` holder
(services.py) that every screen is given. Until it is there, actions that need it are
greyed out.

Where things live: a screen in its feature folder (`inbox/`, `reader/`, `compose/`,
`duty/`, `team/`, `help/`, `printing/`), deriving from `fblmail.tui.base.FblScreen`;
message commands shared by the list and the reader in `commands/`; widgets used by several
features in `widgets/`. Only this module imports the screens it opens; screens are given
the `Services` holder (never the app's), so the feature folders import no circle.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from fblmail.clock import Clock, utc_now
from fblmail.i18n import tr
from fblmail.settings import Settings
from fblmail.tui.bindings import build_bindings, key
from fblmail.tui.shell import FblShell, ServiceReady

if TYPE_CHECKING:
    from fblmail.service.views import MessageSummary

__all__ = ["FblApp", "ServiceReady"]


class FblApp(FblShell):
    """fblmail's Textual app for one user over one store."""

    CSS_PATH = "app.tcss"
    TITLE = "fblmail"

    BINDINGS: ClassVar[list[BindingType]] = [
        key("question_mark,f1", "help", "Hjälp", "Help", "Alla tangenter och rutinen i korthet",
            "Every key and the routine in short", id="app.help"),
        key("ctrl+l", "repaint", "Rita om", "Redraw", "Rita om hela skärmen (efter text från "
            "andra program)", "Redraw the whole screen (after text from other programs)",
            id="app.repaint", show=False, priority=True),
        # Shown in the help, the palette and the start-up reminder; not in the footer.
        key("f2", "duty", "Kontroll", "Duty check", "Dagens kontroll av FBL:en (R4)",
            "The duty check of the FBL (R4)", id="app.duty", show=False),
        # h as in "hantera"/"handle": t is the inbox's tag (mutt's habit).
        key("h", "take", "Jag tar den / lämna tillbaka", "Take it / hand it back",
            "Visa kollegorna att du hanterar frågan, eller lämna tillbaka den",
            "Show colleagues you handle the question, or hand it back", id="app.take",
            show=False),
        key("P", "patient", "Patienten", "The patient", "Alla trådar om patienten i dina FBL:er",
            "Every thread about the patient", id="app.patient", show=False),
    ]  # fmt: skip

    def __init__(self, settings: Settings, *, clock: Clock = utc_now) -> None:
        build_bindings(settings.lang)  # before any widget copies its class's bindings
        super().__init__(settings, clock=clock)
        if settings.keymap:
            self.set_keymap(settings.keymap)

    def on_mount(self) -> None:
        """Open the inbox screen at once; it loads the store in a worker."""
        from fblmail.tui.inbox.screen import InboxScreen

        self.push_screen(InboxScreen(self.services))

    def on_service_ready(self, _message: ServiceReady) -> None:
        """Actions that need the service layer light up; an unsigned shift is mentioned."""
        self.screen.refresh_bindings()
        self._remind()
        from fblmail.tui.team.notify import start_notifier

        start_notifier(self, self.services)  # `[notify]` in the config; off by default

    @work(thread=True, exclusive=True, group="app-remind", exit_on_error=False)
    def _remind(self) -> None:
        from fblmail.tui.duty.reminder import remind

        remind(self, self.services.messenger())

    def open_thread(self, summary: MessageSummary) -> None:
        """The reader on this message (for screens that must not import the reader)."""
        from fblmail.tui.reader.screen import ReaderScreen

        self.push_screen(ReaderScreen(self.services, summary))

    # -- commands and help ------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Only fblmail's own commands, in the user's language.

        Textual's own (Theme, Keys, Maximize and above all Screenshot, which writes the
        screen, patient data and all, to a file without a trace in the access log) are left
        out on purpose.
        """
        yield SystemCommand(
            tr("Dagens kontroll", "Duty check"),
            tr("Kontrollen av FBL:en, signering, historik (F2)", "Check, sign, history (F2)"),
            self.action_duty,
        )
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()
        yield SystemCommand(
            tr("Hjälp", "Help"), tr("Alla tangenter och rutinen", "Every key and the routine"),
            self.action_help,
        )
        yield SystemCommand(
            tr("Rita om skärmen", "Redraw the screen"), "Ctrl+L", self.action_repaint
        )
        yield SystemCommand(tr("Avsluta", "Quit"), tr("Stäng fblmail", "Close fblmail"),
                            self.exit)  # fmt: skip

    def action_repaint(self) -> None:
        """Ctrl+L: paint every cell of the terminal again (text written over it vanishes)."""
        for screen in (*self._background_screens, self.screen):
            screen.refresh(repaint=True, layout=True)
        self.refresh(repaint=True, layout=True)

    def action_duty(self) -> None:
        """The duty screen (F2): the round of `fblmail check`, signing, history."""
        from fblmail.tui.duty.screen import DutyScreen

        if self.services.ready and not isinstance(self.screen, DutyScreen):
            self.push_screen(DutyScreen(self.services))

    def action_take(self) -> None:
        """`h` on a message: take the question, hand it back, or ask before taking it over."""
        from fblmail.tui.team.handling import current_summary, take_or_release

        summary = current_summary(self.screen)
        if summary is not None and self.services.ready:
            take_or_release(self, self.services.messenger(), summary)

    def action_patient(self) -> None:
        """`P` on a message: every thread about its patient in the user's FBLs."""
        from fblmail.tui.team.handling import current_summary
        from fblmail.tui.team.patient import PatientScreen

        summary = current_summary(self.screen)
        if summary is not None and self.services.ready:
            self.push_screen(PatientScreen(self.services, summary.patient))

    def action_help(self) -> None:
        """Every key and the routine in short."""
        try:
            from fblmail.tui.help.screen import HelpScreen
        except ImportError:
            self.notify(tr("Hjälpen är inte installerad.", "Help is not installed."))
            return
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
