"""The kinds table: every place reads it, so a new kind is one row plus one migration.

`test_a_new_kind_is_one_row_and_one_migration` adds a kind to a temporary copy of the table
and follows it through parsing, scheduling, the database, wording, the buttons and the menus.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from assistant import Assistant, storage
from assistant.reminders import commands, kinds, store, wording
from assistant.reminders.kinds import Kind, Preset
from assistant.reminders.schedule import parse_remind
from assistant.storage import migrations
from assistant.telegram import commands as telegram_commands
from assistant.telegram import keyboards, texts

NOON = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
STRETCHING = Kind(
    id="stretching",
    label="Stretching",
    what="a few minutes of stretching after work",
    topic="stretching",
    example=(time(18),),
    presets=(Preset("18:00", (time(18),)), Preset("07:30 and 18:00", (time(7, 30), time(18)))),
    aliases=("stretch",),
)


@pytest.fixture
def with_stretching(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, STRETCHING))
    migration = ("INSERT INTO reminder_kinds (id) VALUES ('stretching')",)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, migration))


def test_every_kind_is_accepted_by_the_database(tmp_path: Path) -> None:
    db = storage.open_database(tmp_path)
    accepted = {row[0] for row in db.execute("SELECT id FROM reminder_kinds")}
    assert accepted == set(kinds.ids())


def test_a_kind_without_its_migration_is_refused_by_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, STRETCHING))
    db = storage.open_database(tmp_path)
    with pytest.raises(sqlite3.IntegrityError):
        store.set_reminders(db, 1, "stretching", [time(18)], NOON)


@pytest.mark.usefixtures("with_stretching")
def test_a_new_kind_is_one_row_and_one_migration(tmp_path: Path, assistant: Assistant) -> None:
    # Parsing: its id and its aliases.
    assert parse_remind("stretch at 6pm") == parse_remind("stretching 18:00")
    assert parse_remind("stretching 18:00").kind == "stretching"
    assert commands.stop(["stretch"]) == commands.Stop("stretching")

    # Scheduling and the database (the migration made the database accept it).
    db = storage.open_database(tmp_path)
    chat = commands.Chat(db, 7, NOON)
    said = commands.run(chat, commands.remind(["stretch", "18:00"]))
    assert said.title == "Stretching reminders on"
    assert "Next: today at 18:00." in said.paragraphs
    assert [r.kind for r in store.list_reminders(db, 7)] == ["stretching"]

    # Wording: listing, usage, hints.
    listed = commands.run(chat, commands.reminders([]))
    assert "Stretching: 18:00; next today at 18:00." in listed.paragraphs
    assert "/remind stretching 18:00" in wording.remind_usage()
    assert "/stop stretching" in wording.stop_usage()
    assert "hydration, sleep or stretching" in wording.unknown_kind("coffee")

    # The buttons: the kinds menu, its presets, and their callback data.
    menu = commands.run(chat, commands.remind([]))
    assert [b.label for b in menu.buttons[0]] == ["Hydration", "Sleep", "Stretching"]
    assert "Stretching: a few minutes of stretching after work." in menu.paragraphs[1]
    presets = commands.run(chat, menu.buttons[0][2].request)
    assert [row[0].label for row in presets.buttons] == ["18:00", "07:30 and 18:00", "« Back"]
    for row in (*menu.buttons, *presets.buttons):
        for button in row:
            assert keyboards.parse(keyboards.encode(button.request)) == button.request
    assert keyboards.buttons_keyboard(presets.buttons) is not None

    # The reminder itself: its tips come from its knowledge-base topic.
    reminder = assistant.reminder(kinds.get("stretching").topic, 0)
    assert reminder.title == "Stretching reminder"

    # Telegram's command menus, /help and the welcome name it too.
    private = telegram_commands.menu(telegram_commands.Scope.PRIVATE)
    remind = next(c for c in private if c.command == "remind")
    assert remind.description == "Daily hydration, sleep or stretching reminders"
    assert "/remind – daily hydration, sleep or stretching reminders" in (
        telegram_commands.help_lines()
    )
    assert "daily hydration, sleep and stretching reminders" in " ".join(texts.welcome())
