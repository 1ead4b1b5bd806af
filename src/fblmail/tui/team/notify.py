"""Terminal notifications (issue 11), off by default: `[notify]` in the config file.

```toml
[notify]
bell = true        # ring the terminal bell
osc = "9"          # or "777": a desktop notification through the terminal (OSC 9 / 777)
every = 30         # seconds between looks (default 30)
```

What is told: a new message in one of the user's FBLs, and a question we must answer whose
time left falls under 24 hours (R10). Only counts are sent to the terminal, never a
patient, subject or name: a desktop notification may be seen by others or logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fblmail.present import NEW_MESSAGE, QUESTION, count
from fblmail.service.duty.duty_round import Alerts

if TYPE_CHECKING:
    from textual.app import App

    from fblmail.tui.services import Services

__all__ = ["NotifyConfig", "alert_text", "osc_sequence", "start_notifier"]


@dataclass(frozen=True)
class NotifyConfig:
    """How to notify; `enabled` is False unless the user asked for it."""

    bell: bool = False
    osc: str = ""  # "", "9" or "777"
    every: float = 30.0

    @property
    def enabled(self) -> bool:
        """Anything to do at all."""
        return self.bell or bool(self.osc)

    @classmethod
    def from_table(cls, table: dict[str, str]) -> NotifyConfig:
        """From the `[notify]` table (unknown values mean off)."""
        osc = table.get("osc", "").strip()
        try:
            every = max(1.0, float(table.get("every", "30")))
        except ValueError:
            every = 30.0
        return cls(
            bell=table.get("bell", "").strip().lower() in ("true", "1", "yes", "ja"),
            osc=osc if osc in ("9", "777") else "",
            every=every,
        )


def alert_text(alerts: Alerts) -> str:
    """`fblmail: 2 nya meddelanden, 1 fråga under 24 h` (counts only)."""
    parts = []
    if alerts.new_messages:
        parts.append(count(alerts.new_messages, NEW_MESSAGE))
    if alerts.dropped_under_24h:
        parts.append(count(alerts.dropped_under_24h, QUESTION) + " under 24 h")
    return "fblmail: " + ", ".join(parts)


def osc_sequence(kind: str, text: str) -> str:
    """OSC 9 (iTerm2, Windows Terminal, foot…) or OSC 777 (rxvt, VTE) with our own text."""
    clean = "".join(ch for ch in text if ch.isprintable() and ch not in ";\x1b\x07")
    if kind == "777":
        return f"\x1b]777;notify;fblmail;{clean}\x07"
    return f"\x1b]9;{clean}\x07"


def start_notifier(app: App[Any], services: Services) -> None:
    """Look every `every` seconds (in a worker) and notify the terminal when there is news."""
    config = NotifyConfig.from_table(services.settings.notify)
    if not config.enabled:
        return
    state = {"since": services.clock()}

    def tell(alerts: Alerts) -> None:
        text = alert_text(alerts)
        if config.bell:
            app.bell()
        if config.osc and app._driver is not None:
            app._driver.write(osc_sequence(config.osc, text))
        app.notify(text, markup=False)

    def look() -> None:
        if not services.ready:
            return
        messenger = services.messenger()
        since: datetime = state["since"]
        now = services.clock()
        alerts = messenger.duty.alerts(since)
        state["since"] = now
        if alerts.any:
            app.call_from_thread(tell, alerts)

    def tick() -> None:
        app.run_worker(look, thread=True, group="notify", exclusive=True, exit_on_error=False)

    app.set_interval(config.every, tick)
