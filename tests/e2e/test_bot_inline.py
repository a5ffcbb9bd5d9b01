"""Inline mode and sharing, end to end: answer cards, most asked topics, "How to ask"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant import Assistant

from .fake_bot_api import FakeBotApi, parse_html
from .harness import buttons, disclaimer_of, exchange, running_bot


async def inline(fake: FakeBotApi, query: str) -> dict[str, Any]:
    (call,) = await exchange(fake, fake.inline_query(query), "answerInlineQuery")
    assert call.ok, call.summary()
    return call.params


def card_texts(params: dict[str, Any]) -> list[str]:
    return [parse_html(r["input_message_content"]["message_text"])[0] for r in params["results"]]


async def test_query_offers_answer_cards(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        params = await inline(fake_api, "potassium")
        results = params["results"]
        assert results[0]["type"] == "article"
        assert results[0]["title"] == "Potassium"
        assert results[0]["description"] and "\n" not in results[0]["description"]
        assert "<" not in results[0]["title"] + results[0]["description"]
        assert {r["title"] for r in results} >= {"Potassium: foods"}
        assert len({r["id"] for r in results}) == len(results)
        for text in card_texts(params):
            assert text.endswith(disclaimer_of(assistant))
        assert "button" not in params


async def test_typo_query_still_matches(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        params = await inline(fake_api, "magnesuim foods")
        assert params["results"][0]["title"] == "Magnesium: foods"


async def test_empty_query_offers_most_asked_topics(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        fresh = [r["title"] for r in (await inline(fake_api, ""))["results"]]
        assert fresh[:2] == ["Muscle twitching (fasciculation)", "Magnesium"]  # fixed list
        for _ in range(3):
            await exchange(fake_api, fake_api.private_message("is sleep important?"))
        await exchange(fake_api, fake_api.private_message("what is electrolyte balance?"))
        asked = [r["title"] for r in (await inline(fake_api, "   "))["results"]]
        assert asked[:2] == ["Sleep", "Electrolytes"]
        assert len(asked) == len(set(asked)) <= 6


async def test_no_match_offers_how_to_ask_button_opening_help(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        params = await inline(fake_api, "cheap flights to lisbon")
        assert params["results"] == []
        assert params["button"] == {"text": "How to ask", "start_parameter": "help"}
        # The button opens the private chat with "/start help": the help text answers.
        (call,) = await exchange(fake_api, fake_api.private_message("/start help"))
        assert "How to ask" in call.result["text"] and "/ask" in call.result["text"]


async def test_share_button_query_reproduces_the_answer(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        (answer,) = await exchange(fake_api, fake_api.private_message("signs of low calcium?"))
        (share,) = [b for b in buttons(answer) if "switch_inline_query" in b]
        assert share["text"].endswith("Share")
        query = share["switch_inline_query"]
        assert query == "calcium deficiency"
        params = await inline(fake_api, query)
        first = card_texts(params)[0]
        # The shared card is the very answer the user saw (one message, same text).
        assert first == answer.result["text"]

        # A food answer fitted to the question ("is spinach good for me?" after calcium opens
        # with a verdict) is shared as that food's calcium card: same title, same USDA figures.
        (food,) = await exchange(fake_api, fake_api.private_message("is spinach good for me?"))
        (share,) = [b for b in buttons(food) if "switch_inline_query" in b]
        assert share["switch_inline_query"] == "spinach calcium"
        card = card_texts(await inline(fake_api, share["switch_inline_query"]))[0]
        seen = food.result["text"]
        assert card.splitlines()[0] == seen.splitlines()[0] == "Spinach"
        assert "122 mg of calcium" in card and "122 mg of calcium" in seen


async def test_red_flag_query_gives_the_doctor_card(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        reply = assistant.answer("my twitching comes with muscle weakness and I keep falling")
        params = await inline(
            fake_api, "my twitching comes with muscle weakness and I keep falling"
        )
        assert params["results"][0]["title"] == reply.title
