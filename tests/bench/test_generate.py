"""The bench generator writes what the program writes: the service layer reads it back whole.

Runs on SQLite and PostgreSQL (the `store_url` fixture). It keeps `bench/generate.py` honest
when the schema or the service layer changes under it.
"""

from __future__ import annotations

import importlib.util
import random
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import Engine, text

from fblmail.domain.acute import acute_words
from fblmail.domain.categories import Category
from fblmail.domain.deadlines import ANSWER_WINDOW
from fblmail.domain.ids import id_time
from fblmail.domain.personnummer import PatientId, is_test_number
from fblmail.service import Messenger, Outgoing
from fblmail.store.engine import Store, make_engine
from kit.people import HERRHAGEN, KARLSTAD, REPO, TOLVAN, FakeClock


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


gen = _load_generator()
INBOX = 300


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    """An engine for raw checks on the generated store."""
    engine = make_engine(store_url)
    yield engine
    engine.dispose()


@pytest.fixture
def generated(store_url: str, clock: FakeClock) -> Any:
    """A store with 300 generated messages in Karlstad's inbox, sent in the last 20 days."""
    return gen.generate_store(store_url, INBOX, seed=7, age_days=(0, 20), now=clock(), batch=97)


def _at(engine: Engine, moment: datetime) -> object:
    """A time as a raw query compares it with stored ones."""
    naive = moment.astimezone(UTC).replace(tzinfo=None)
    return gen.sqlite_time(naive) if engine.dialect.name == "sqlite" else moment


def _rows(engine: Engine, sql: str, **params: object) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


def test_counts_match_what_the_service_layer_sees(
    generated: Any, engine: Engine, clock: FakeClock
) -> None:
    replies = generated.rows["message"] - INBOX
    assert generated.rows["thread"] == INBOX
    assert 0 < replies < INBOX
    assert generated.rows["mailbox_item"] == 2 * generated.rows["message"]
    unread = _rows(
        engine,
        "SELECT count(*) FROM mailbox_item i JOIN mailbox b ON b.id = i.mailbox_id "
        "WHERE b.address = :box AND i.folder = 'inbox' AND i.read_at IS NULL",
        box=KARLSTAD,
    )[0][0]
    assert 0 < unread < INBOX

    views = {v.address: v for v in Messenger(Store(engine), "anna.ssk", clock).folders.mailboxes()}
    karlstad = views[KARLSTAD]
    assert dict(karlstad.counts)["inbox"] == INBOX
    assert dict(karlstad.counts)["sent"] == replies
    assert karlstad.unread == unread


def test_every_inbox_message_lists_and_shows_consistently(
    generated: Any, engine: Engine, clock: FakeClock
) -> None:
    reader = Messenger(Store(engine), gen.READER_LOGIN, clock)
    items: list[Any] = []
    cursor: str | None = None
    while True:
        page = reader.folders.list_messages(KARLSTAD, limit=64, cursor=cursor)
        items += page.items
        if (cursor := page.next_cursor) is None:
            break
    assert len({m.id for m in items}) == INBOX
    assert [m.sent_at for m in items] == sorted((m.sent_at for m in items), reverse=True)
    assert all(clock() - timedelta(days=20) < m.sent_at < clock() for m in items)
    categories = {c.value for c in Category}
    for m in items:
        assert m.category in categories
        assert m.kind == "message" and m.recipient == KARLSTAD and m.sender != KARLSTAD
        assert is_test_number(PatientId(m.patient.replace("-", "")))
        assert (m.due_at is None) == (m.category == Category.FYI.value)
        if m.due_at is not None:
            assert m.due_at == m.sent_at + ANSWER_WINDOW
        if m.answered_at is not None:
            assert m.sent_at < m.answered_at < clock()
            assert m.deadline == "answered" and m.read and m.waiting_for == ""
        elif m.due_at is not None:
            assert m.waiting_for == "us"
        assert not acute_words(m.subject)
    states = {m.deadline for m in items}
    assert {"answered", "fyi", "overdue"} <= states
    assert any(m.has_journal_note for m in items)  # the senders are health centres (R12)

    answered = next(m for m in items if m.answered_at is not None)
    thread = reader.folders.thread(answered.id)
    assert [d.summary.kind for d in thread] == ["message", "reply"]
    assert thread[1].summary.subject == f"Sv: {answered.subject}"[:200]
    assert thread[1].summary.sent_at == answered.answered_at
    assert thread[1].summary.sender == KARLSTAD
    shown = reader.folders.show(items[0].id)
    assert shown.body.strip() and not acute_words(shown.body)
    noted = next(m for m in items if m.has_journal_note)
    note = reader.folders.show(noted.id).journal_note
    assert note is not None and note.disclosed_to == (KARLSTAD,)


def test_rows_have_the_shape_of_rows_the_service_writes(
    generated: Any, engine: Engine, clock: FakeClock
) -> None:
    store = Store(engine)
    # A question and a reply written by the program itself, next to generated ones.
    sent = Messenger(store, "cecilia.dr", clock).messaging.send(
        Outgoing(HERRHAGEN, KARLSTAD, "Recept", TOLVAN, "Nytt recept", "Behövs nytt recept?",
                 no_coordination_case=True)
    )  # fmt: skip
    waiting = _rows(
        engine,
        "SELECT m.id FROM message m JOIN thread t ON t.id = m.thread_id WHERE m.kind = 'message' "
        "AND t.answered_at IS NULL AND t.due_at IS NOT NULL AND m.id <> :sent ORDER BY m.seq",
        sent=sent.id,
    )
    replied = Messenger(store, "anna.ssk", clock).messaging.reply(waiting[0][0], "Ja, skickat.")
    generated_question, generated_reply = (
        waiting[1][0],
        _rows(engine, "SELECT id FROM message WHERE kind = 'reply' AND id <> :r", r=replied.id)[0][
            0
        ],
    )

    def shape(message_id: str) -> dict[str, list[tuple[Any, ...]]]:
        # Which columns are set (and, on SQLite, stored as which type) for one message.
        kinds = "typeof({})" if engine.dialect.name == "sqlite" else "{} IS NULL"
        out = {}
        for table, where in (
            ("message", "id = :id"),
            ("thread", "id = (SELECT thread_id FROM message WHERE id = :id)"),
            ("mailbox_item", "message_seq = (SELECT seq FROM message WHERE id = :id)"),
        ):
            with engine.connect() as conn:
                names = list(conn.execute(text(f"SELECT * FROM {table} LIMIT 0")).keys())  # noqa: S608
            # read_at is state (read or not yet), not shape; `search` is PostgreSQL's own.
            cols = ", ".join(kinds.format(c) for c in names if c not in ("search", "read_at"))
            query = f"SELECT {cols} FROM {table} WHERE {where} ORDER BY id"  # noqa: S608
            out[table] = _rows(engine, query, id=message_id)
        return out

    assert shape(generated_question) == shape(sent.id)
    assert shape(generated_reply) == shape(replied.id)
    # The program's own writes go on working after a bulk load (PostgreSQL sequences moved).
    assert sent.id != replied.id
    assert Messenger(store, "anna.ssk", clock).folders.show(replied.id).summary.kind == "reply"


def test_store_is_consistent_and_searchable(generated: Any, engine: Engine) -> None:
    assert _rows(engine, "SELECT count(*) FROM message m LEFT JOIN thread t "
                 "ON t.id = m.thread_id WHERE t.id IS NULL")[0][0] == 0  # fmt: skip
    # seq follows sending time, as when the program assigns it
    seqs = [r[0] for r in _rows(engine, "SELECT seq FROM message ORDER BY sent_at, seq")]
    assert seqs == sorted(seqs)
    for (message_id,) in _rows(engine, "SELECT id FROM message"):
        assert str(uuid.UUID(message_id)) == message_id and uuid.UUID(message_id).version == 4
    # an item carries the deadline exactly while its thread waits: the questioned side's
    # inbox copy, and the asking side's sent copy of the question (Skickat, late first)
    should = (
        "(((i.folder = 'inbox' AND i.mailbox_id = t.counterpart_mailbox_id) OR "
        "(i.folder = 'sent' AND i.mailbox_id = t.origin_mailbox_id AND "
        "m.recipient_mailbox_id = t.counterpart_mailbox_id)) "
        "AND t.answered_at IS NULL AND t.due_at IS NOT NULL)"
    )
    wrong = _rows(
        engine,
        "SELECT i.id FROM mailbox_item i JOIN message m ON m.seq = i.message_seq "  # noqa: S608
        f"JOIN thread t ON t.id = m.thread_id WHERE NOT (({should} AND i.due_at = t.due_at) "
        f"OR (NOT {should} AND i.due_at IS NULL))",
    )
    assert wrong == []
    for subject, body in _rows(engine, "SELECT subject, body FROM message"):
        assert not acute_words(subject) and not acute_words(body)
    like = _rows(engine, "SELECT count(*) FROM message WHERE lower(subject) LIKE '%dosetten%' "
                 "OR lower(body) LIKE '%dosetten%'")[0][0]  # fmt: skip
    assert like > 0
    if engine.dialect.name == "sqlite":
        assert _rows(engine, "PRAGMA foreign_key_check") == []
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO message_fts(message_fts, rank) VALUES('integrity-check', 1)"
            )
        hits = _rows(engine, "SELECT count(*) FROM message_fts WHERE message_fts MATCH 'dosetten'")
        triggers = _rows(engine, "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                         "AND name = 'message_fts_insert'")  # fmt: skip
        assert triggers == [("message_fts_insert",)]
    else:
        hits = _rows(
            engine, "SELECT count(*) FROM message WHERE search @@ to_tsquery('simple', 'dosetten')"
        )
    assert hits[0][0] == like


def test_older_than_and_a_second_run_add_up(
    store_url: str, engine: Engine, clock: FakeClock
) -> None:
    gen.generate(store_url, 40, seed=1, now=clock())
    added = gen.generate_store(store_url, 60, seed=2, age_days=(366, 400), now=clock())
    assert added.first_seq > 40  # the CLI warns that it added to existing messages
    year_ago = clock() - timedelta(days=366)
    old = _rows(
        engine, "SELECT count(*) FROM thread WHERE created_at < :t", t=_at(engine, year_ago)
    )
    assert old == [(60,)]
    late = _rows(
        engine,
        "SELECT count(*) FROM message WHERE sent_at >= :t AND sent_at < :s",
        t=_at(engine, year_ago),
        s=_at(engine, year_ago + timedelta(days=300)),
    )
    assert late == [(0,)]  # no reply to an old question lands inside the last year
    views = Messenger(Store(engine), "anna.ssk", clock).folders.mailboxes()
    assert dict(next(v for v in views if v.address == KARLSTAD).counts)["inbox"] == 100


def test_texts_never_read_as_acute_and_fit_the_columns() -> None:
    rng = random.Random(3)
    for category in Category:
        for _ in range(300):
            subject, body = gen.question_text(category, rng)
            assert not acute_words(subject) and not acute_words(body)
            assert subject.strip() and body.strip() and len(subject) <= 200
            reply_subject, reply_body = gen.reply_text(subject, rng)
            assert reply_subject == f"Sv: {subject}"[:200] and not acute_words(reply_body)


def test_v7_ids_follow_the_sending_time_and_the_store_reads_them(
    store_url: str, engine: Engine, clock: FakeClock
) -> None:
    """`--ids v7`: thread and message ids are UUID v7 whose time is the thread's creation
    and the message's `sent_at`, and the program lists, shows and purges them as any other."""
    gen.generate_store(store_url, 80, seed=3, age_days=(300, 430), now=clock(), batch=31, ids="v7")
    messages = _rows(engine, "SELECT id, sent_at FROM message ORDER BY seq")
    threads = _rows(engine, "SELECT id, created_at FROM thread")
    for value, moment in messages + threads:
        assert uuid.UUID(value).version == 7
        at = moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)
        at = at.replace(tzinfo=UTC) if at.tzinfo is None else at
        assert id_time(value) == at.replace(microsecond=at.microsecond // 1000 * 1000)
    by_time = [v for v, _ in sorted(messages, key=lambda r: str(r[1]))]
    assert sorted(by_time) == by_time

    reader = Messenger(Store(engine), gen.READER_LOGIN, clock)
    listed = reader.folders.list_messages(KARLSTAD, limit=100).items
    assert len(listed) == 80
    assert reader.folders.show(listed[0].id).body.strip()
    year_ago = _at(engine, clock() - timedelta(days=365))
    old_sql = "SELECT count(*) FROM message WHERE sent_at < :t"
    old = _rows(engine, old_sql, t=year_ago)[0][0]
    assert 0 < old < len(messages)
    result = Messenger(Store(engine), "sara.support", clock).purge.expired(batch_size=20)
    assert result.deleted_messages == old
    assert _rows(engine, old_sql, t=year_ago) == [(0,)]
