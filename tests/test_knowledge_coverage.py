"""The knowledge base covers the seed article and the synonyms people actually type."""

from __future__ import annotations

import pytest

from assistant import Assistant

# Every food the seed article lists, under the nutrient it lists it for.
SEED_FOODS = {
    "magnesium": ["spinach", "kale", "almonds", "cashews", "pumpkin seeds", "sesame seeds",
                  "whole grains", "avocados", "dark chocolate"],
    "calcium": ["milk", "yogurt", "cheese", "fortified plant-based milks", "tofu", "broccoli",
                "kale", "sardines", "salmon"],
    "potassium": ["bananas", "sweet potatoes", "spinach", "avocados", "beans", "lentils"],
    "vitamin-d": ["salmon", "mackerel", "fortified milk", "fortified cereals", "mushrooms"],
    "b-vitamins": ["meat", "poultry", "fish", "eggs", "milk", "leafy greens", "whole grains",
                   "fortified cereals"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("nutrient", "food"), [(n, f) for n, foods in SEED_FOODS.items() for f in foods]
)
def test_every_seed_food_supplies_its_nutrient(
    assistant: Assistant, nutrient: str, food: str
) -> None:
    reply = assistant.answer(food)
    assert reply.topic is not None and reply.topic.startswith("food:"), reply.topic
    entry = assistant.kb.foods[reply.topic.removeprefix("food:")]
    assert nutrient in entry.supplies


@pytest.mark.parametrize(
    ("typed", "topic"),
    [
        ("mag", "magnesium"), ("K+", "potassium"),
        ("hypokalemia", "potassium"), ("cobalamin", "b-vitamins"), ("b12", "b-vitamins"),
        ("folic acid", "b-vitamins"), ("calciferol", "vitamin-d"),
        ("sunshine vitamin", "vitamin-d"), ("coffee", "stimulants"),
        ("energy drinks", "stimulants"), ("cant sleep", "sleep"), ("eyelid twitch", "twitching"),
    ],
)  # fmt: skip
def test_synonyms_people_type(assistant: Assistant, typed: str, topic: str) -> None:
    assert assistant.answer(typed).topic == topic


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what does magnesium do", "calcium"),  # regulates calcium flow
        ("what does vitamin d do", "absor"),  # enables calcium absorption
        ("how much sleep do i need", "7"),  # 7-9 hours
        ("how does stretching help", "bed"),  # stretching before bed
        ("does caffeine cause twitching", "nicotine"),  # cutting caffeine and nicotine
        ("hydration", "electrolyte drink"),
    ],
)
def test_seed_advice_is_in_the_answers(assistant: Assistant, question: str, fact: str) -> None:
    assert fact in assistant.answer(question).text.lower()


def test_intake_figures_are_for_adults_with_their_source(assistant: Assistant) -> None:
    for nutrient in SEED_FOODS:
        topic = assistant.kb.topics[nutrient]
        assert topic.intake is not None and topic.intake.source in assistant.kb.sources
        assert "19–50" in assistant.answer(f"how much {topic.title} per day").text


# -- corrections from the fact-check (../shared/content-review.md) ----------------------------


@pytest.mark.parametrize(
    "claim",
    [
        "supplementation can be highly effective",  # N2: against the 2020 Cochrane review
        "best-known mineral for preventing",  # N1
        "dehydration is a very common cause",  # L1
        "particularly at risk of",  # N16: athletes and heavy sweaters
        "vitamin d is not a direct player",  # N18, stated as fact
        "b6, b12 and folate)",  # the old b-vitamins title: "Banana supplies ... B12"
    ],
)
def test_corrected_claims_are_gone(assistant: Assistant, claim: str) -> None:
    for topic in assistant.kb.topics.values():
        parts = [topic.title, topic.summary, topic.text, *topic.points, topic.foods_intro]
        parts += [p.text for p in (topic.role, topic.deficiency) if p]
        assert all(claim not in part.lower() for part in parts), (topic.id, claim)


def test_no_plant_food_reply_offers_b12(assistant: Assistant) -> None:
    for slug in ("banana", "broccoli", "spinach"):
        reply = assistant.answer(slug)
        supplies = reply.text.splitlines()[1]  # "Banana supplies Potassium, B vitamins."
        assert "supplies" in supplies and "B12" not in supplies, supplies
        assert "not B12" in reply.text


def test_seed_article_is_not_cited_as_a_source(assistant: Assistant) -> None:
    assert "seed-article" not in assistant.kb.sources
    for source in assistant.kb.sources.values():
        assert "source article" not in source.title.lower(), source


# -- answers users ask for (issue 9, item 5) -----------------------------------------------

REQUIRED_ANSWERS = [
    # topic, answer id, aspect, a source it must cite, a cue users type
    ("twitching", "bfs-vs-als", "overview", "bfs-review-2024", "is it als"),
    ("twitching", "eyelid-twitching", "overview", "nhs-twitching", "eyelid twitch"),
    (
        "twitching",
        "how-long-twitching-lasts",
        "overview",
        "nhs-twitching",
        "will my twitching go away",
    ),
    (
        "twitching",
        "twitching-after-illness",
        "overview",
        "bfs-mayo-follow-up",
        "twitching after flu",
    ),
    ("see-a-doctor", "blood-tests", "overview", "medlineplus-muscle-twitching", "what blood tests"),
    ("magnesium", "magnesium-forms", "safety", "ods-magnesium", "glycinate or citrate"),
    (
        "magnesium",
        "magnesium-through-the-skin",
        "safety",
        "transdermal-magnesium-review",
        "epsom bath",
    ),
    (
        "magnesium",
        "magnesium-for-cramps",
        "overview",
        "cochrane-magnesium-cramps",
        "magnesium cramps",
    ),
]


@pytest.mark.parametrize(("topic_id", "answer_id", "aspect", "source", "cue"), REQUIRED_ANSWERS)
def test_required_answers_are_there_and_sourced(
    assistant: Assistant, topic_id: str, answer_id: str, aspect: str, source: str, cue: str
) -> None:
    answers = {a.id: a for a in assistant.kb.topics[topic_id].answers}
    answer = answers[answer_id]
    assert answer.aspect == aspect
    assert source in answer.sources
    assert cue in answer.cues
    first_sentence = answer.answer.split(". ")[0]
    assert len(first_sentence) <= 300, first_sentence
