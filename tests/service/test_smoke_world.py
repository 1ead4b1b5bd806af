"""The world fixture itself works on both back ends."""

from support import HERRHAGEN, World


def test_sent_message_reaches_recipient_inbox(world: World) -> None:
    message_id = world.send()
    page = world.as_("cecilia.dr").folders.list_messages(HERRHAGEN)
    assert [m.id for m in page.items] == [message_id]
