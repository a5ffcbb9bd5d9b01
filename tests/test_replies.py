"""Every reply, whatever the input, is a usable answer ending with the disclaimer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import Assistant
from assistant.kb.model import NUTRIENT_ASPECTS

HOSTILE = [
    "",
    "   \n\t ",
    "\u200b\u200d\ufeff",
    "<b>magnesium & <i>calcium",
    "*bold* _italic_ `code` [link](http://x)",
    "🥑🍌💪😵‍💫",
    "מה עם אשלגן? ما هو المغنيسيوم",
    "magnesium " * 2000,
    "a" * 10_000,
    "\x00\x01\x02",
]


def _check(reply_text: str, disclaimer: str) -> None:
    assert reply_text.strip()
    assert reply_text.endswith(disclaimer)
    assert reply_text.count(disclaimer) == 1


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_gets_an_answer_with_the_disclaimer(assistant: Assistant, text: str) -> None:
    reply = assistant.answer(text)
    _check(reply.text, reply.disclaimer)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=300),
    last_topic=st.sampled_from([None, "magnesium", "food:banana", "nope"]),
)
def test_any_text_gets_an_answer_with_the_disclaimer(
    assistant: Assistant, text: str, last_topic: str | None
) -> None:
    reply = assistant.answer(text, last_topic=last_topic)
    _check(reply.text, reply.disclaimer)
    assert reply.urgent == (reply.topic == "see-a-doctor" and reply.urgent)


@settings(max_examples=100, deadline=None)
@given(paragraphs=st.lists(st.text(max_size=80), max_size=4), title=st.text(max_size=30))
def test_notices_carry_the_disclaimer(
    assistant: Assistant, paragraphs: list[str], title: str
) -> None:
    reply = assistant.notice(*paragraphs, title=title)
    _check(reply.text, reply.disclaimer)


def test_every_topic_and_aspect_can_be_shown(assistant: Assistant) -> None:
    for topic_id, topic in assistant.kb.topics.items():
        aspects = NUTRIENT_ASPECTS if topic.kind == "nutrient" else ("overview",)
        for aspect in aspects:
            reply = assistant.show(topic_id, aspect)
            assert reply.topic == topic_id
            _check(reply.text, reply.disclaimer)
    for food in assistant.kb.foods.values():
        reply = assistant.show(food.topic_id)
        assert reply.topic == food.topic_id and food.name in reply.text


def test_nutrient_overview_stands_alone(assistant: Assistant) -> None:
    reply = assistant.answer("tell me about magnesium")
    topic = assistant.kb.topics["magnesium"]
    assert topic.role and topic.deficiency
    for part in (topic.role.short, topic.deficiency.short, "Spinach", "Daily need"):
        assert part in reply.text
    assert reply.sources, "an overview cites its sources"


def test_potassium_foods_answer_lists_the_seed_foods(assistant: Assistant) -> None:
    text = assistant.answer("what foods have potassium").text
    for food in ("Banana", "Sweet potato", "Spinach", "Avocado", "Bean", "Lentil"):
        assert food.lower() in text.lower()


def test_answers_offer_follow_ups_for_other_aspects_and_related_topics(
    assistant: Assistant,
) -> None:
    reply = assistant.answer("magnesium foods")
    offered = {(s.topic, s.aspect) for s in reply.follow_ups}
    assert {("magnesium", "role"), ("magnesium", "deficiency")} <= offered
    assert any(s.topic == "calcium" for s in reply.follow_ups)


def test_reminder_tips_rotate(assistant: Assistant) -> None:
    first, second = assistant.reminder("hydration", 0), assistant.reminder("hydration", 1)
    assert first.text != second.text
    _check(first.text, first.disclaimer)


def test_many_threads_get_the_same_answers_as_one() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from assistant.tools.evaluation import DATA_DIRECTORY, load_labelled

    questions = [i.question for i in load_labelled(DATA_DIRECTORY / "questions.yaml")] * 3
    fresh = Assistant.load()  # an empty typo cache, so threads race to fill it
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda q: fresh.answer(q).text, questions))
    sequential = Assistant.load()
    assert parallel == [sequential.answer(q).text for q in questions]
