"""What the reminders' front door tells a chat: confirmations, listings, stop and undo."""

from __future__ import annotations

from datetime import UTC, datetime, time

from assistant.reminders import commands, wording
from assistant.reminders.commands import (
    Chat,
    ListReminders,
    Outcome,
    SetTimes,
    SetZone,
    Snooze,
    Stop,
    StopUsage,
    Undo,
)
from assistant.storage.database import Database

CHAT = 5
NOON = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)  # a Friday


def text(outcome: Outcome) -> str:
    return "\n".join((outcome.title, *outcome.paragraphs))


def run(db: Database, request: commands.Request, chat: int = CHAT) -> Outcome:
    return commands.run(Chat(db, chat, NOON), request)


def set_times(db: Database, kind: str, *times: time) -> Outcome:
    return run(db, SetTimes(kind, times))


def test_confirmation_says_utc_until_a_zone_is_set(db: Database) -> None:
    said = text(set_times(db, "hydration", time(9), time(13), time(17)))
    assert "09:00, 13:00 and 17:00" in said
    assert "Next: today at 13:00" in said
    assert "UTC because this chat has no time zone" in said
    assert "/settings timezone" in said


def test_after_setting_a_zone_times_are_that_zones(db: Database) -> None:
    run(db, SetZone("America/New_York"))  # 08:00 in New York
    said = text(set_times(db, "hydration", time(9)))
    assert "Next: today at 09:00" in said
    assert "Times are in America/New_York." in said
    assert "UTC because" not in said


def test_listing_shows_next_send_in_the_chats_zone(db: Database) -> None:
    set_times(db, "sleep", time(22, 30))
    set_times(db, "hydration", time(9))
    said = run(db, SetZone("Asia/Tokyo"))  # 21:00 in Tokyo
    assert "It is 21:00 there now" in text(said)
    listed = text(run(db, ListReminders()))
    assert "Hydration: 09:00; next tomorrow at 09:00." in listed
    assert "Sleep: 22:30; next today at 22:30." in listed
    assert "Asia/Tokyo" in listed
    empty = text(commands.run(Chat(db, 99, NOON, private=False), ListReminders()))
    assert "No reminders yet" in empty
    assert empty.startswith("This chat's reminders")


def test_stop_offers_undo_only_when_something_stopped(db: Database) -> None:
    set_times(db, "hydration", time(9))
    said = run(db, Stop("sleep"))
    assert said.buttons == ()
    assert "no sleep reminders" in text(said)
    said = run(db, Stop(None))
    ((undo,),) = said.buttons
    assert isinstance(undo.request, Undo) and undo.label == wording.UNDO_LABEL
    assert "Hydration at 09:00: stopped." in text(said)
    assert "is back" in text(run(db, undo.request))
    assert wording.NOTHING_TO_UNDO in text(run(db, undo.request))


def test_snooze_says_when_in_local_time(db: Database) -> None:
    run(db, SetZone("Europe/Berlin"))
    said = text(run(db, Snooze("hydration", NOON)))
    assert "at 14:30" in said  # 12:30 UTC is 14:30 in Berlin (summer time)


def test_commands_are_read_into_requests_that_say_whether_they_change_anything() -> None:
    assert commands.stop(["SLEEP"]) == Stop("sleep")
    assert commands.stop(["water"]) == Stop("hydration")
    assert commands.stop([]) == commands.stop(["all"]) == Stop(None)
    for wrong in (["coffee"], ["sleep", "now"], ["all", "sleep"]):
        assert isinstance(commands.stop(wrong), StopUsage)
    assert commands.settings([]) == commands.settings(["language"]) == commands.ShowSettings()
    assert commands.settings(["tz", "Europe/Berlin"]) == SetZone("Europe/Berlin")
    changes = {type(r).__name__: r.changes for r in (
        commands.remind([]), commands.reminders([]), commands.stop(["x"]), commands.stop([]),
        commands.settings([]), commands.settings(["tz", "UTC"]), commands.ShowKinds(),
        commands.ChooseKind("sleep"), commands.Expired(),
    )}  # fmt: skip
    assert changes == {
        "Remind": True,
        "ListReminders": False,
        "StopUsage": False,
        "Stop": True,
        "ShowSettings": False,
        "SetZone": True,
        "ShowKinds": False,
        "ChooseKind": False,
        "Expired": True,
    }


def test_a_wrong_remind_gets_usage_and_an_unknown_zone_offers_buttons(
    db: Database,
) -> None:
    said = run(db, commands.remind(["coffee", "9am"]))
    assert said.paragraphs[0] == wording.unknown_kind("coffee")
    assert said.paragraphs[1:] == (
        f"Usage: {wording.remind_usage()}",
        f"Example: {wording.remind_example()}",
    )
    said = run(db, SetZone("Berlinn"))
    assert "Europe/Berlin" in [row[0].label for row in said.buttons]


def test_when_reads_naturally() -> None:
    assert wording.when(datetime(2026, 5, 5, 9, tzinfo=UTC), UTC, NOON) == "Tue 5 May at 09:00"
    assert wording.join_times([time(9), time(13)]) == "09:00 and 13:00"
