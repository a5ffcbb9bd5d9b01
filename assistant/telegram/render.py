"""Render a `Reply` as Telegram HTML: the one place outgoing text is formatted.

Guarantees, for every message part returned here:
- all text from the reply is `html.escape`d, so user words quoted in an answer can never break
  the markup (Telegram answers 400 to a broken entity);
- the part ends with the reply's disclaimer, in italics;
- the part is at most 4096 UTF-16 code units (how Telegram counts) *before* entity parsing,
  which is stricter than Telegram's own check on the parsed text, so it always passes.
Long replies are split between paragraphs; only a single paragraph longer than a whole message
is cut, between words where possible.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from telegram.constants import MessageLimit

from assistant.answering.reply import Reply

MAX_MESSAGE = MessageLimit.MAX_TEXT_LENGTH  # 4096
BULLET = "• "
ELLIPSIS = "…"
_BLOCK_SEP = "\n\n"  # a blank line between paragraphs: the preferred place to split
_LINE_SEP = "\n"


def tg_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def esc(text: str) -> str:
    # quote=True as well: harmless in Telegram text, and required inside href attributes.
    return html.escape(text, quote=True)


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of output: fixed markup around escaped text, so long text can be cut safely."""

    text: str
    open: str = ""
    close: str = ""

    def html(self) -> str:
        return f"{self.open}{esc(self.text)}{self.close}"


_Block = list[_Line]


def _clean(text: str | None) -> str:
    return (text or "").strip()


def _link_line(title: str, url: str) -> _Line:
    parts = urlsplit(url.strip())
    if parts.scheme in ("http", "https") and parts.netloc and tg_len(url) < 1024:
        return _Line(title or url, f'{BULLET}<a href="{esc(url.strip())}">', "</a>")
    return _Line(f"{title} ({url})" if title else url, BULLET)


def _blocks(reply: Reply) -> list[_Block]:
    """The reply as blocks (joined by blank lines) of lines (joined by newlines)."""
    blocks: list[_Block] = []
    title = _clean(reply.title)
    if title:
        # Urgent replies lead with a plain warning sign, nothing else competes with the title.
        blocks.append([_Line(title, "⚠️ <b>" if reply.urgent else "<b>", "</b>")])
    if not reply.sections and _clean(reply.summary):
        blocks.append([_Line(_clean(reply.summary))])
    for section in reply.sections:
        pending: _Block = []
        heading = _clean(section.heading)
        if heading and heading.casefold() != title.casefold():
            pending.append(_Line(heading, "<b>", "</b>"))  # kept with the line that follows
        for paragraph in (_clean(p) for p in section.paragraphs):
            if paragraph:
                blocks.append([*pending, _Line(paragraph)])
                pending = []
        bullets = [_Line(b, BULLET) for b in (_clean(b) for b in section.bullets) if b]
        if pending or bullets:
            blocks.append([*pending, *bullets])
    if reply.sources:
        links = [_link_line(_clean(s.title), s.url) for s in reply.sources]
        blocks.append([_Line("Sources", "<b>", "</b>"), *links])
    return blocks


def _cut(text: str, room: int) -> tuple[str, str]:
    """Split `text` so the escaped head fits in `room`, at the last space if one is near."""
    used = 0
    end = 0
    last_space = -1
    for i, char in enumerate(text):
        width = tg_len(esc(char))
        if used + width > room:
            break
        used += width
        end = i + 1
        if char.isspace():
            last_space = i
    if end >= len(text):
        return text, ""
    if last_space > end // 2:  # a word boundary not too far back: cut there, drop the space
        return text[:last_space], text[last_space + 1 :]
    return text[: max(end, 1)], text[max(end, 1) :]


class _Packer:
    """Greedy packing into parts of at most `budget`: whole blocks per part where possible;
    only a block too big for any part is broken, at its lines, then between words."""

    _MIN_ROOM = 80  # below this, starting a cut piece at the end of a part looks ragged

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.parts: list[str] = []
        self.current = ""

    def _flush(self) -> None:
        if self.current:
            self.parts.append(self.current)
        self.current = ""

    def _join(self, sep: str, piece: str) -> str:
        return f"{self.current}{sep}{piece}" if self.current else piece

    def add_block(self, block: _Block) -> None:
        whole = _LINE_SEP.join(line.html() for line in block)
        if tg_len(self._join(_BLOCK_SEP, whole)) <= self.budget:
            self.current = self._join(_BLOCK_SEP, whole)
        elif tg_len(whole) <= self.budget:
            self._flush()
            self.current = whole
        else:
            for i, line in enumerate(block):
                self._add_line(line, _BLOCK_SEP if i == 0 else _LINE_SEP)

    def _add_line(self, line: _Line, sep: str) -> None:
        whole = line.html()
        if tg_len(self._join(sep, whole)) <= self.budget:
            self.current = self._join(sep, whole)
            return
        markup = tg_len(line.open) + tg_len(line.close)
        for text in line.text.split("\n"):  # prefer the paragraph's own line breaks
            while text.strip():
                room = self.budget - tg_len(self._join(sep, "")) - markup
                if room < self._MIN_ROOM and self.current:
                    self._flush()
                    continue
                head, text = _cut(text, max(room, 6))
                self.current = self._join(sep, f"{line.open}{esc(head)}{line.close}")
                sep = _LINE_SEP

    def finish(self) -> list[str]:
        self._flush()
        return self.parts


def _disclaimer_html(reply: Reply) -> str:
    return f"<i>{esc(_clean(reply.disclaimer))}</i>"


def render(reply: Reply, limit: int = MAX_MESSAGE) -> list[str]:
    """The reply as one or more HTML messages, each ending with the disclaimer."""
    footer = _disclaimer_html(reply)
    budget = limit - tg_len(_BLOCK_SEP + footer)
    if budget < 64:
        raise ValueError("the disclaimer leaves no room for the answer")
    packer = _Packer(budget)
    for block in _blocks(reply):
        packer.add_block(block)
    parts = packer.finish()
    return [f"{part}{_BLOCK_SEP}{footer}" for part in parts] or [footer]


def render_one(reply: Reply, limit: int = MAX_MESSAGE) -> str:
    """The reply as a single message (for edits in place and inline cards): shortened, if it
    must be, at a paragraph boundary with an ellipsis, and still ending with the disclaimer."""
    footer = _disclaimer_html(reply)
    parts = render(reply, limit - tg_len(_LINE_SEP + ELLIPSIS))
    if len(parts) == 1:
        return parts[0]
    first = parts[0].removesuffix(_BLOCK_SEP + footer)
    return f"{first}{_LINE_SEP}{ELLIPSIS}{_BLOCK_SEP}{footer}"


_SPACES = re.compile(r"\s+")


def _one_line(text: str, limit: int) -> str:
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def card_title(reply: Reply) -> str:
    """Plain-text title for an inline card (Telegram shows it raw: no HTML here)."""
    return _one_line(reply.title or "Twitch-Relief Assistant", 64)


def card_description(reply: Reply) -> str:
    """Plain-text, one-line description for an inline card."""
    source = reply.summary
    if not _clean(source):
        source = next((p for s in reply.sections for p in (*s.paragraphs, *s.bullets)), "")
    return _one_line(source, 120)
