"""Notifications' service side (issue 11), both back ends: new messages in the user's FBLs
and questions to us dropping under 24 hours between two looks; counts only."""

from __future__ import annotations

from datetime import timedelta

from fblmail.tui.team.notify import NotifyConfig, alert_text, osc_sequence
from kit.people import HERRHAGEN, KARLSTAD, World


def test_new_messages_and_questions_dropping_under_24_hours(world: World) -> None:
    start = world.clock.now
    duty = world.as_("cecilia.dr").duty
    assert not duty.alerts(start).any
    world.clock.advance(minutes=1)
    world.send("anna.ssk")
    world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD)  # our own: not "new"
    alerts = duty.alerts(start)
    assert (alerts.new_messages, alerts.dropped_under_24h) == (1, 0)
    world.clock.advance(hours=47)
    before = world.clock.now
    world.clock.advance(hours=2)  # 72 h − 24 h lies between the two looks
    alerts = duty.alerts(before)
    assert (alerts.new_messages, alerts.dropped_under_24h) == (0, 1)
    assert not duty.alerts(world.clock.now - timedelta(minutes=1)).any


def test_config_is_off_by_default_and_text_has_no_patient() -> None:
    assert not NotifyConfig.from_table({}).enabled
    config = NotifyConfig.from_table({"bell": "true", "osc": "777", "every": "10"})
    assert (config.bell, config.osc, config.every) == (True, "777", 10.0)
    assert NotifyConfig.from_table({"osc": "52"}).osc == ""  # only 9 or 777
    from fblmail.service.duty.duty_round import Alerts

    text = alert_text(Alerts(2, 1))
    assert text == "fblmail: 2 nya meddelanden, 1 fråga under 24 h"
    assert osc_sequence("9", text) == f"\x1b]9;{text}\x07"
    assert osc_sequence("777", "a;b\x1b") == "\x1b]777;notify;fblmail;ab\x07"
