"""The bot's database: created on first use, schema versioned, data survives reopening."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from conftest import Backend, columns, tables

from assistant import storage
from assistant.storage import chat_settings, migrations, statistics, transactions, utc
from assistant.storage.database import STORAGE_ERRORS, Database
from assistant.storage.dialect import postgres_ddl


def test_creates_the_data_dir_and_a_wal_database(tmp_path: Path) -> None:
    db = storage.open_database(tmp_path / "nested" / "data")
    assert (tmp_path / "nested" / "data" / "bot.sqlite3").exists()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert migrations.schema_version(db) == len(migrations.MIGRATIONS)


def test_reopening_keeps_data_and_does_not_reapply_migrations(backend: Backend) -> None:
    first = backend.open()
    chat_settings.set_timezone(first, 42, "Europe/Berlin")
    first.close()
    again = backend.open()
    assert chat_settings.get_timezone(again, 42) == "Europe/Berlin"
    assert migrations.migrate(again) == len(migrations.MIGRATIONS)


def test_a_failing_migration_leaves_the_database_untouched(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = (*migrations.MIGRATIONS, ("CREATE TABLE extra (x INTEGER)", "NOT SQL AT ALL"))
    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    with pytest.raises(STORAGE_ERRORS):
        migrations.migrate(db)
    assert migrations.schema_version(db) == len(broken) - 1
    assert "extra" not in tables(db)
    assert {"reminders", "deliveries", "chat_settings", "meta"} <= tables(db)


def test_misses_are_counted_by_normalised_question_without_ids(db: Database) -> None:
    when = datetime(2026, 1, 1, tzinfo=UTC)
    statistics.record_miss(db, "What about  ZINC?", when)
    statistics.record_miss(db, "what about zinc?", when)
    statistics.record_miss(db, "is coffee ok", when)
    statistics.record_miss(db, "   ", when)
    expected = [("what about zinc?", 2), ("is coffee ok", 1)]
    assert statistics.top_misses(db, 10, now=when) == expected
    assert statistics.top_misses(db, 1, now=when) == [("what about zinc?", 2)]
    assert not any("chat" in c or "user" in c for c in columns(db, "misses"))


def test_most_asked_topics_come_first(db: Database) -> None:
    for topic in ["magnesium", "potassium", "magnesium", "sleep", "magnesium", "potassium"]:
        statistics.record_topic(db, topic)
    assert statistics.top_topics(db, 2) == ["magnesium", "potassium"]
    assert statistics.top_topics(db, 10) == ["magnesium", "potassium", "sleep"]


def test_timezone_is_unset_until_chosen_and_can_change(db: Database) -> None:
    assert chat_settings.get_timezone(db, 7) is None
    chat_settings.set_timezone(db, 7, "Asia/Tokyo")
    chat_settings.set_timezone(db, 7, "America/New_York")
    assert chat_settings.get_timezone(db, 7) == "America/New_York"
    assert chat_settings.get_timezone(db, 8) is None


def test_transaction_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError), transactions.transaction(db):
        chat_settings.set_timezone(db, 1, "UTC")
        raise RuntimeError("boom")
    assert chat_settings.get_timezone(db, 1) is None


def test_utc_text_sorts_like_time() -> None:
    early = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    late = datetime(2026, 11, 2, 3, 4, 5, tzinfo=UTC)
    assert utc.utc_iso(early) < utc.utc_iso(late)
    assert utc.parse_utc(utc.utc_iso(early)) == early
    with pytest.raises(ValueError):
        utc.utc_iso(datetime(2026, 1, 1))


def _version_1_sqlite(backend: Backend) -> None:
    old = sqlite3.connect(backend.data_dir / "bot.sqlite3")
    for statement in migrations.MIGRATIONS[0]:
        old.execute(statement)
    old.execute("PRAGMA user_version = 1")
    old.execute(OLD_REMINDER)
    old.execute(OLD_SETTING)
    old.commit()
    old.close()


def _version_1_postgres(backend: Backend) -> None:
    assert backend.url is not None
    with psycopg.connect(backend.url, autocommit=True) as old:
        for statement in migrations.MIGRATIONS[0]:
            old.execute(postgres_ddl(statement))  # type: ignore[arg-type]
        old.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        old.execute("INSERT INTO schema_version VALUES (1)")
        old.execute(OLD_REMINDER)  # type: ignore[arg-type]
        old.execute(OLD_SETTING)  # type: ignore[arg-type]


OLD_REMINDER = (
    "INSERT INTO reminders VALUES (42, 'sleep', '22:30', '2026-01-01T00:00:00Z', "
    "'2026-01-01T22:30:00Z')"
)
OLD_SETTING = "INSERT INTO chat_settings VALUES (42, 'Europe/Berlin')"


def test_a_version_1_database_with_reminders_migrates_and_keeps_them(backend: Backend) -> None:
    """Databases in the field were created by the first migration; they must still open."""
    if backend.url is None:
        _version_1_sqlite(backend)
    else:
        _version_1_postgres(backend)
    db = backend.open()
    assert migrations.schema_version(db) == len(migrations.MIGRATIONS)
    assert db.execute("SELECT chat_id, kind, local_time FROM reminders").fetchall() == [
        (42, "sleep", "22:30")
    ]
    assert chat_settings.get_timezone(db, 42) == "Europe/Berlin"
    if db.dialect.shared:
        indexes = {
            r[0]
            for r in db.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = ?", ("reminders",)
            )
        }
    else:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        indexes = {row[1] for row in db.execute("PRAGMA index_list(reminders)")}
    assert "reminders_due" in indexes
    with pytest.raises(STORAGE_ERRORS):  # the kinds' foreign key holds on both
        db.execute("INSERT INTO reminders VALUES (1, 'coffee', '09:00', 'x', 'y')")


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)  # SQLite: one process
def test_processes_starting_at_once_on_a_new_database_migrate_it_once(backend: Backend) -> None:
    """Several replicas deployed together: each opens the empty database; they take turns
    (an advisory lock), and every one ends with the complete schema."""
    opened: list[Database] = []
    failures: list[BaseException] = []

    def start() -> None:
        try:
            opened.append(backend.open())
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert {migrations.schema_version(db) for db in opened} == {len(migrations.MIGRATIONS)}
    for db in opened:
        db.close()


def test_the_same_sql_means_the_same_on_both_engines(db: Database) -> None:
    """`?` placeholders, a literal `%`, 64-bit chat ids and byte-order text comparison."""
    assert db.execute("SELECT ? || '%'", ("50",)).fetchone()[0] == "50%"
    supergroup = -1001234567890  # beyond 32 bits, as Telegram's supergroup ids are
    chat_settings.set_timezone(db, supergroup, "UTC")
    assert chat_settings.get_timezone(db, supergroup) == "UTC"
    for topic in ("b-vitamins", "bZ", "B", "a"):
        statistics.record_topic(db, topic)
    assert statistics.top_topics(db) == ["B", "a", "b-vitamins", "bZ"]  # ties: byte order
