"""Inline keyboards, and the one typed codec for the callback data of every button.

Callback data is at most 64 bytes (a Bot API limit), so buttons carry short, self-describing
strings rather than state kept in memory: a button still works after a restart.
  t:<topic>:<aspect>   show a topic (aspect may be empty); topic ids may contain ':'
  q:<question>         ask one of the example questions
  p:<page>             a page of the topic browser
  r:<request>          a reminders request (`assistant.reminders.commands`):
                       r:back  r:kind:<kind>  r:set:<kind>:<HHMM.HHMM...>  r:stop:<kind|all>
                       r:undo:<token>  r:snooze:<kind>:<slot, unix seconds>  r:tz:<zone>
`parse` turns data back into the typed action; stale or foreign data gives None (or, for
"r:", `Expired`), never an exception.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit

from assistant.answering.reply import Reply, Suggestion
from assistant.reminders import commands as rc
from assistant.reminders import kinds
from assistant.telegram import texts

logger = logging.getLogger(__name__)

MAX_DATA = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # 64 bytes
TOPIC_BUTTONS = r"^[tqp]:"  # the question handlers' buttons
REMINDER_BUTTONS = r"^r:"  # the reminders' buttons
TOPICS_PER_PAGE = 16


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


TopicAction = ShowTopic | AskQuestion | BrowseTopics
Action = TopicAction | rc.ButtonRequest | rc.Expired


def _fits(data: str) -> bool:
    return len(data.encode("utf-8")) <= MAX_DATA


def topic_data(topic: str, aspect: str | None = None) -> str:
    return f"t:{topic}:{aspect or ''}"


def _reminder_data(request: rc.ButtonRequest) -> str:
    match request:
        case rc.ShowKinds():
            return "r:back"
        case rc.ChooseKind(kind):
            return f"r:kind:{kind}"
        case rc.SetTimes(kind, times):
            return f"r:set:{kind}:{'.'.join(f'{t:%H%M}' for t in times)}"
        case rc.Stop(kind):
            return f"r:stop:{kind or 'all'}"
        case rc.Undo(token):
            return f"r:undo:{token}"
        case rc.Snooze(kind, origin):
            return f"r:snooze:{kind}:{int(origin.timestamp())}"
        case rc.PickZone(zone):
            return f"r:tz:{zone}"


def encode(action: TopicAction | rc.ButtonRequest) -> str:
    """The callback data for `action` (what `parse` reads back)."""
    match action:
        case ShowTopic(topic, aspect):
            return topic_data(topic, aspect)
        case AskQuestion(question):
            return f"q:{question}"
        case BrowseTopics(page):
            return f"p:{page}"
    return _reminder_data(action)


def _kind(word: str) -> str:
    found = kinds.find(word)
    if found is None:
        raise ValueError(word)
    return found.id


def _times(text: str) -> tuple[time, ...]:
    return tuple(time(int(c[:2]), int(c[2:])) for c in text.split("."))


def _after_kind(make: Callable[[str, str], rc.ButtonRequest]) -> Callable[[str], rc.ButtonRequest]:
    def read(rest: str) -> rc.ButtonRequest:
        word, _, tail = rest.partition(":")
        return make(_kind(word), tail)

    return read


MAX_ID = 2**62  # well inside SQLite's 64-bit integers


def _digits(text: str) -> int:
    """A non-negative integer an SQLite column and `datetime` can hold, else ValueError."""
    if not text.isascii() or not text.isdecimal() or len(text) > 19 or int(text) >= MAX_ID:
        raise ValueError(text)
    return int(text)


def _instant(text: str) -> datetime:
    return datetime.fromtimestamp(_digits(text), UTC)  # OverflowError/OSError past year 9999


_REMINDER_READERS: dict[str, Callable[[str], rc.ButtonRequest]] = {
    "back": lambda rest: rc.ShowKinds(),
    "kind": lambda rest: rc.ChooseKind(_kind(rest)),
    "set": _after_kind(lambda kind, tail: rc.SetTimes(kind, _times(tail))),
    "stop": lambda rest: rc.Stop(None if rest == "all" else _kind(rest)),
    "undo": lambda rest: rc.Undo(_digits(rest)),
    "snooze": _after_kind(lambda kind, tail: rc.Snooze(kind, _instant(tail))),
    "tz": lambda rest: rc.PickZone(rest),
}


def _parse_reminder(rest: str) -> rc.ButtonRequest | rc.Expired:
    name, _, tail = rest.partition(":")
    reader = _REMINDER_READERS.get(name)
    try:
        return rc.Expired() if reader is None else reader(tail)
    except (ValueError, IndexError, OverflowError, OSError):
        return rc.Expired()


def parse(data: str | None) -> Action | None:
    """The action a button's callback data asks for, or None for stale or foreign data."""
    kind, _, rest = (data or "").partition(":")
    if kind == "t" and ":" in rest:
        topic, _, aspect = rest.rpartition(":")  # aspects never contain ':', topics may
        return ShowTopic(topic, aspect or None) if topic else None
    if kind == "q" and rest.strip():
        return AskQuestion(rest)
    if kind == "p" and rest.isascii() and rest.isdecimal() and len(rest) < 4:
        return BrowseTopics(int(rest))
    if kind == "r":
        return _parse_reminder(rest)
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
    if reply.topic.startswith("food:") and reply.aspect == "overview":
        return f"{words} nutrients"  # "coffee" alone is about caffeine
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
        last.append(InlineKeyboardButton(texts.SHARE_LABEL, switch_inline_query=query))
    if back:
        last.append(
            InlineKeyboardButton(texts.ALL_TOPICS_LABEL, callback_data=encode(BrowseTopics(0)))
        )
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
        nav.append(InlineKeyboardButton(texts.PAGE_BACK_LABEL, callback_data=f"p:{page - 1}"))
    if page < pages - 1:
        nav.append(InlineKeyboardButton(texts.PAGE_MORE_LABEL, callback_data=f"p:{page + 1}"))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


def examples_keyboard(questions: Sequence[str]) -> InlineKeyboardMarkup:
    """Example questions under the welcome: pressing one asks it."""
    buttons = [_button(q, f"q:{q}") for q in questions]
    return InlineKeyboardMarkup(_rows([b for b in buttons if b is not None], 1))


def buttons_keyboard(rows: Sequence[Sequence[rc.Button]]) -> InlineKeyboardMarkup | None:
    """The reminders' buttons (from an `Outcome`), each carrying its request."""
    built = [[_button(b.label, encode(b.request)) for b in row] for row in rows]
    kept = [[b for b in row if b is not None] for row in built]
    return InlineKeyboardMarkup([row for row in kept if row]) if any(kept) else None


def foods_keyboard(
    nutrients: Sequence[str], titles: Sequence[tuple[str, str]]
) -> InlineKeyboardMarkup:
    """A bare /foods: one button per nutrient, showing its foods."""
    names = dict(titles)
    buttons = [_button(names.get(n, n), topic_data(n, "foods")) for n in nutrients]
    return InlineKeyboardMarkup(_rows([b for b in buttons if b is not None], 2))
