"""The DB-API query layer (`fblmail.store.query`) on SQLite and PostgreSQL: its write
transaction, its access-log append (the same hash chain as `store/audit.py`), its schema
check (the same answers as `check_schema`), the damage block, and the one row mapping."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from fblmail.errors import StoreProblem
from fblmail.service.lookup import summary_select
from fblmail.store.audit import verify_chain
from fblmail.store.engine import Store, make_engine
from fblmail.store.files import damage_marker
from fblmail.store.query import log
from fblmail.store.query.connection import Connector, parse_target
from fblmail.store.query.rows import ROW_WIDTH
from fblmail.store.query.version import check_revision
from fblmail.store.schema import HEAD_REVISION, check_schema
from fblmail.store.tables import AccessLog
from kit.people import HERRHAGEN, World


def _connector(store: Store) -> Connector:
    return Connector(parse_target(store.engine.url.render_as_string(hide_password=False)))


def test_appends_over_the_db_api_and_the_orm_make_one_chain(world: World) -> None:
    world.send()  # rows appended through SQLAlchemy first
    connector = _connector(world.store)
    with connector.writing() as db:
        for n in range(3):
            log.append(
                db,
                log.LogEntry("cecilia.dr", "Vc Herrhagen", "search", mailbox="*", detail=f"q{n}"),
                world.clock.advance(seconds=1),
            )
    world.send(subject="Efter DB-API-raderna")  # and SQLAlchemy again after them
    connector.close()
    with world.store.read() as session:
        rows = session.exec(select(AccessLog).order_by(AccessLog.id)).all()  # type: ignore[arg-type]
    assert verify_chain(rows) is None
    assert [r.detail for r in rows if r.action == "search"] == ["q0", "q1", "q2"]


def test_a_failed_write_transaction_leaves_nothing(world: World) -> None:
    connector = _connector(world.store)
    with world.store.read() as session:
        before = len(session.exec(select(AccessLog)).all())
    with pytest.raises(RuntimeError), connector.writing() as db:
        log.append(db, log.LogEntry("cecilia.dr", "", "search"), world.clock())
        raise RuntimeError("the use case changed its mind")
    with world.store.read() as session:
        assert len(session.exec(select(AccessLog)).all()) == before
    connector.close()


def test_writes_refuse_a_store_marked_damaged(world: World) -> None:
    connector = _connector(world.store)
    path = world.store.path
    if path is not None:
        damage_marker(path).write_text("found damaged\n", "utf-8")
    else:
        with world.store.engine.begin() as conn:
            conn.execute(text("INSERT INTO store_damage (id, found_at, findings) "
                              "VALUES (1, now(), 'test')"))  # fmt: skip
    with pytest.raises(StoreProblem, match="skadad"), connector.writing():
        pass
    with connector.reading() as db:  # reading stays possible
        assert db.scalar("SELECT count(*) FROM account") > 0
    connector.close()


def test_the_schema_check_gives_check_schemas_answers(store: Store) -> None:
    connector = _connector(store)
    with connector.reading() as db:
        check_revision(db)  # at head: no complaint
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    for version, words in (("0005", "äldre schemaversion"), ("0099", "nyare"), ("x1", "aldrig")):
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": version})
        with pytest.raises(StoreProblem, match=words) as ours, connector.reading() as db:
            check_revision(db)
        with pytest.raises(StoreProblem) as theirs:
            check_schema(store.engine)
        assert ours.value.sv == theirs.value.sv
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": HEAD_REVISION})
        conn.execute(text("DROP TABLE alembic_version"))
    with pytest.raises(StoreProblem, match="ingen schemaversion"), connector.reading() as db:
        check_revision(db)
    connector.close()


def test_an_empty_database_is_not_set_up(empty_store_url: str, tmp_path: Path) -> None:
    if empty_store_url.startswith("sqlite"):
        engine = make_engine(empty_store_url, create=True)  # an empty file
        engine.dispose()
    connector = Connector(parse_target(empty_store_url))
    with pytest.raises(StoreProblem, match="fblmail init"), connector.reading() as db:
        check_revision(db)
    connector.close()


def test_the_orm_selects_the_one_row_of_the_query_layer(world: World) -> None:
    assert len(summary_select().selected_columns) == ROW_WIDTH
    message_id = world.send()
    inbox = world.as_("cecilia.dr").folders.list_messages("Vc Herrhagen", limit=5, log=False)
    assert [s.id for s in inbox.items] == [message_id]


def test_a_digest_over_a_mapping_is_the_digest_over_the_row(world: World) -> None:
    world.send()
    with world.store.read() as session:
        row = session.exec(select(AccessLog).order_by(AccessLog.id)).first()  # type: ignore[arg-type]
    assert row is not None
    fields = {name: getattr(row, name) for name in log.HASHED_FIELDS}
    assert log.row_digest(fields) == log.row_digest(row) == row.row_hash



def test_list_and_search_queries_are_answered_from_indexes(world: World) -> None:
    """Every keyset segment of every order, and the search, read index ranges: no scan of
    mailbox_item, message or thread (SQLite EXPLAIN QUERY PLAN, PostgreSQL EXPLAIN with
    sequential scans discouraged, since a test store is small enough to scan)."""
    from datetime import date

    from fblmail.store.query.listing import ListOrder, ListQuery, segment_select, segments_for
    from fblmail.store.query.search import search_select, search_terms

    world.send()
    connector = _connector(world.store)
    with connector.reading() as db:
        box = int(db.scalar("SELECT id FROM mailbox WHERE address = ?", (HERRHAGEN,)))
        statements = []
        for order in ListOrder:
            query = ListQuery(box, "inbox", order)
            for segment in segments_for(query):
                sql, params = segment_select(query, segment, forward=True, bound=None)
                statements.append((sql, [*params, 51, 0]))
        terms = search_terms("läkemedelslista", date(2026, 11, 2))
        statements.append(search_select(terms, [box], 50, sqlite=db.target.sqlite))
        for sql, params in statements:
            if db.target.sqlite:
                plan = " / ".join(str(r[3]) for r in db.all("EXPLAIN QUERY PLAN " + sql, params))
                assert "SCAN" not in plan.replace("SCAN f VIRTUAL TABLE", ""), plan
            else:
                db.all("SELECT set_config('enable_seqscan', 'off', true)")
                plan = " / ".join(str(r[0]) for r in db.all("EXPLAIN " + sql, params))
                for table in ("mailbox_item", "message", "thread"):
                    assert f"Seq Scan on {table} " not in plan, plan
    connector.close()
