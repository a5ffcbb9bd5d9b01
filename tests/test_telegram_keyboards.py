"""Callback data: round trips, topic ids with ':', the 64-byte limit, the Share query."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, time

from assistant import Assistant
from assistant.answering.reply import Suggestion
from assistant.reminders import commands as rc
from assistant.telegram import keyboards
from assistant.telegram.keyboards import (
    AskQuestion,
    BrowseTopics,
    ShowTopic,
    encode,
    parse,
    topic_data,
)


def test_round_trips() -> None:
    assert parse(topic_data("magnesium", "foods")) == ShowTopic("magnesium", "foods")
    assert parse(topic_data("food:sweet-potato")) == ShowTopic("food:sweet-potato", None)
    assert parse("q:Why does my eyelid twitch?") == AskQuestion("Why does my eyelid twitch?")
    assert parse("p:2") == BrowseTopics(2)
    slot = datetime(2026, 3, 7, 9, tzinfo=UTC)
    for action in (
        ShowTopic("food:banana", "potassium"),
        AskQuestion("Why?"),
        BrowseTopics(0),
        rc.ShowKinds(),
        rc.ChooseKind("sleep"),
        rc.SetTimes("hydration", (time(9), time(13, 30))),
        rc.Stop("sleep"),
        rc.Stop(None),
        rc.Undo(1772874000123),
        rc.Snooze("hydration", slot),
        rc.PickZone("America/Argentina/Buenos_Aires"),
    ):
        assert parse(encode(action)) == action, action


def test_reminder_data_in_the_format_released_buttons_carry() -> None:
    slot = datetime(2026, 3, 7, 9, tzinfo=UTC)
    assert encode(rc.Snooze("hydration", slot)) == f"r:snooze:hydration:{int(slot.timestamp())}"
    assert encode(rc.SetTimes("sleep", (time(22, 30),))) == "r:set:sleep:2230"
    assert parse("r:stop:water") == rc.Stop("hydration")  # aliases still read
    assert parse("r:back") == rc.ShowKinds()


def test_stale_or_foreign_data_is_none() -> None:
    for data in (None, "", "t:", "t::", "t:x", "q:", "q:  ", "p:x", "p:-1", "zzz"):
        assert parse(data) is None, data
    # "r:" is the reminders' own: data they cannot read is an expired reminder button.
    for data in ("r:", "r:snooze", "r:snooze:coffee:1", "r:set:sleep:2590", "r:undo:x", "r:zz"):
        assert parse(data) == rc.Expired(), data


def test_buttons_respect_the_64_byte_limit(assistant: Assistant) -> None:
    reply = assistant.answer("what foods have potassium?")
    long = Suggestion("Too long", "food:" + "x" * 80)
    reply = dataclasses.replace(reply, follow_ups=(*reply.follow_ups, long))
    markup = keyboards.answer_keyboard(reply, share=True)
    assert markup is not None
    data = [b.callback_data for row in markup.inline_keyboard for b in row if b.callback_data]
    assert data and all(len(str(d).encode()) <= 64 for d in data)
    assert not any("xxxx" in str(d) for d in data)
    share = [b for row in markup.inline_keyboard for b in row if b.switch_inline_query]
    assert [b.switch_inline_query for b in share] == ["potassium foods"]


def test_topic_browser_pages(assistant: Assistant) -> None:
    titles = [(f"topic-{i}", f"Topic {i}") for i in range(40)]
    first = keyboards.topics_keyboard(titles, 0)
    last = keyboards.topics_keyboard(titles, 99)  # clamped to the last page
    assert first.inline_keyboard[-1][-1].callback_data == "p:1"
    assert last.inline_keyboard[-1][0].callback_data == f"p:{len(titles) // 16 - 1}"
    real = keyboards.topics_keyboard(assistant.topic_titles())
    assert sum(len(row) for row in real.inline_keyboard) == len(assistant.topic_titles())


def test_example_questions_fit() -> None:
    from assistant.telegram.texts import EXAMPLE_QUESTIONS

    markup = keyboards.examples_keyboard(EXAMPLE_QUESTIONS)
    assert len([b for row in markup.inline_keyboard for b in row]) == len(EXAMPLE_QUESTIONS)


def test_every_share_query_finds_its_own_topic_again() -> None:
    """The Share button types words; inline mode must answer them with the same topic."""
    from assistant.kb.model import NUTRIENT_ASPECTS

    assistant = Assistant.load()
    topics = [*assistant.kb.topics, *(f.topic_id for f in assistant.kb.foods.values())]
    for topic in topics:
        kind = assistant.kb.topics[topic].kind if topic in assistant.kb.topics else "food"
        for aspect in NUTRIENT_ASPECTS if kind == "nutrient" else ("overview",):
            shown = assistant.show(topic, aspect)
            query = keyboards.share_query(shown)
            assert query is not None
            found = assistant.answer(query)
            assert (found.topic, found.aspect) == (shown.topic, shown.aspect), query
