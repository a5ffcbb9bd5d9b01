"""Inline keyboards and the callback-data format their buttons carry.

Callback data is at most 64 bytes (a Bot API limit), so buttons carry short, self-describing
strings rather than state kept in memory: a button still works after a restart.
  t:<topic>:<aspect>   show a topic (aspect may be empty); topic ids may contain ':'
  q:<question>         ask one of the example questions
  p:<page>             a page of the topic browser
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit

from assistant.answering.reply import Reply, Suggestion

logger = logging.getLogger(__name__)

MAX_DATA = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # 64 bytes
CALLBACK_PATTERN = r"^[tqp]:"  # ours; other handlers (reminders) use other prefixes
TOPICS_PER_PAGE = 16
SHARE_LABEL = "↗️ Share"
BACK_LABEL = "« All topics"


@dataclass(frozen=True, slots=True)
class ShowTopic:
    topic: str
    aspect: str | None


@dataclass(frozen=True, slots=True)
class AskQuestion:
    question: str


@dataclass(frozen=True, slots=True)
class BrowseTopics:
    page: int


Action = ShowTopic | AskQuestion | BrowseTopics


def _fits(data: str) -> bool:
    return len(data.encode("utf-8")) <= MAX_DATA


def topic_data(topic: str, aspect: str | None = None) -> str:
    return f"t:{topic}:{aspect or ''}"


def parse(data: str | None) -> Action | None:
    """The action a button's callback data asks for, or None for stale or foreign data."""
    kind, _, rest = (data or "").partition(":")
    if kind == "t" and ":" in rest:
        topic, _, aspect = rest.rpartition(":")  # aspects never contain ':', topics may
        return ShowTopic(topic, aspect or None) if topic else None
    if kind == "q" and rest.strip():
        return AskQuestion(rest)
    if kind == "p" and rest.isdigit():
        return BrowseTopics(int(rest))
    return None


def _button(label: str, data: str) -> InlineKeyboardButton | None:
    if not _fits(data):
        # Rather a missing button than a 400 for the whole message.
        logger.warning("callback data too long, button dropped: %r", data[:80])
        return None
    return InlineKeyboardButton(label, callback_data=data)


def _suggestion_buttons(suggestions: Sequence[Suggestion]) -> list[InlineKeyboardButton]:
    buttons = (_button(s.label, topic_data(s.topic, s.aspect)) for s in suggestions)
    return [b for b in buttons if b is not None]


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def share_query(reply: Reply) -> str | None:
    """What the Share button types after @BotName: the topic in words, plus the aspect if any.

    Inline mode answers it with the same topic, and it reads naturally ("potassium foods",
    "sweet potato"), which matters because the user sees it in their input field.
    """
    if reply.topic is None:
        return None
    words = reply.topic.removeprefix("food:").replace("-", " ")
    if reply.aspect and reply.aspect != "overview":
        return f"{words} {reply.aspect}"
    return words


def answer_keyboard(
    reply: Reply, *, share: bool = False, back: bool = False
) -> InlineKeyboardMarkup | None:
    """Buttons under an answer: choices (one per row), follow-ups, Share, back to topics."""
    rows: list[list[InlineKeyboardButton]] = []
    rows += _rows(_suggestion_buttons(reply.choices), 1)
    rows += _rows(_suggestion_buttons(reply.follow_ups), 2)
    last: list[InlineKeyboardButton] = []
    query = share_query(reply)
    if share and query is not None:
        last.append(InlineKeyboardButton(SHARE_LABEL, switch_inline_query=query))
    if back:
        last.append(InlineKeyboardButton(BACK_LABEL, callback_data="p:0"))
    if last:
        rows.append(last)
    return InlineKeyboardMarkup(rows) if rows else None


def topics_keyboard(titles: Sequence[tuple[str, str]], page: int = 0) -> InlineKeyboardMarkup:
    """The topic browser: two topics per row, paged (Telegram allows 100 buttons at most)."""
    pages = max(1, -(-len(titles) // TOPICS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    chunk = titles[page * TOPICS_PER_PAGE : (page + 1) * TOPICS_PER_PAGE]
    buttons = [_button(title, topic_data(topic)) for topic, title in chunk]
    rows = _rows([b for b in buttons if b is not None], 2)
    nav: list[InlineKeyboardButton] = []
    if page > 0:
        nav.append(InlineKeyboardButton("« Back", callback_data=f"p:{page - 1}"))
    if page < pages - 1:
        nav.append(InlineKeyboardButton("More »", callback_data=f"p:{page + 1}"))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


def examples_keyboard(questions: Sequence[str]) -> InlineKeyboardMarkup:
    """Example questions under the welcome: pressing one asks it."""
    buttons = [_button(q, f"q:{q}") for q in questions]
    return InlineKeyboardMarkup(_rows([b for b in buttons if b is not None], 1))


def foods_keyboard(
    nutrients: Sequence[str], titles: Sequence[tuple[str, str]]
) -> InlineKeyboardMarkup:
    """A bare /foods: one button per nutrient, showing its foods."""
    names = dict(titles)
    buttons = [_button(names.get(n, n), topic_data(n, "foods")) for n in nutrients]
    return InlineKeyboardMarkup(_rows([b for b in buttons if b is not None], 2))
