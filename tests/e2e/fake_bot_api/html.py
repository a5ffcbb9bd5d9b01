"""Text helpers: UTF-16 lengths and a strict parser of Telegram's HTML parse mode."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram counts limits and offsets in."""
    return len(text.encode("utf-16-le")) // 2


class HTMLParseError(ValueError):
    """Raised by :func:`parse_html`; the message is what follows "can't parse entities: "."""


_HTML_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_ENTITY_RE = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]*));")
_HTML_SPECIAL_RE = re.compile(r"[<&]")
_TAG_NAME_RE = re.compile(r"[A-Za-z0-9-]*")
_ATTR_NAME_RE = re.compile(r"[A-Za-z0-9_-]*")


@dataclass
class _OpenTag:
    name: str
    start: int  # UTF-16 offset in the plain text
    entity: dict[str, Any] | None


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entity(source: str, index: int) -> tuple[str, int]:
    """Decodes the HTML entity at ``source[index]`` ("&"); returns (text, end index)."""
    match = _HTML_ENTITY_RE.match(source, index)
    if match is None:
        raise HTMLParseError(
            f'Character "&" at byte offset {_byte_offset(source, index)} does not begin an HTML '
            'entity; it must be escaped as "&amp;"'
        )
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        if name not in _NAMED_ENTITIES:
            raise HTMLParseError(
                f'Unsupported HTML entity "&{name};" at byte offset {_byte_offset(source, index)}'
            )
        return _NAMED_ENTITIES[name], match.end()
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise HTMLParseError(
            f"Invalid numeric HTML entity at byte offset {_byte_offset(source, index)}"
        )
    return chr(code), match.end()


def _decode_attribute(source: str, start: int, end: int) -> str:
    parts: list[str] = []
    i = start
    while i < end:
        amp = source.find("&", i, end)
        if amp == -1:
            parts.append(source[i:end])
            break
        parts.append(source[i:amp])
        text, i = _decode_entity(source, amp)
        parts.append(text)
    return "".join(parts)


def _parse_start_tag(source: str, i: int) -> tuple[str, dict[str, str], int]:
    """Parses the start tag at ``source[i]`` ("<"); returns (name, attributes, end index)."""
    n = len(source)
    name_match = _TAG_NAME_RE.match(source, i + 1)
    assert name_match is not None
    name = name_match.group().lower()
    if name not in _HTML_TAGS:
        raise HTMLParseError(
            f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, i)}'
        )
    j = name_match.end()
    attributes: dict[str, str] = {}
    while True:
        while j < n and source[j].isspace():
            j += 1
        if j >= n:
            raise HTMLParseError(f"Unclosed start tag at byte offset {_byte_offset(source, i)}")
        if source[j] == ">":
            return name, attributes, j + 1
        attr_match = _ATTR_NAME_RE.match(source, j)
        assert attr_match is not None
        attr_name = attr_match.group().lower()
        if not attr_name:
            raise HTMLParseError(
                f'Empty attribute name in the tag "{name}" at byte offset {_byte_offset(source, j)}'
            )
        j = attr_match.end()
        while j < n and source[j].isspace():
            j += 1
        if j >= n or source[j] != "=":
            attributes[attr_name] = ""  # a bare attribute such as <blockquote expandable>
            continue
        j += 1
        while j < n and source[j].isspace():
            j += 1
        if j >= n:
            raise HTMLParseError(f"Unclosed start tag at byte offset {_byte_offset(source, i)}")
        if source[j] in "\"'":
            close = source.find(source[j], j + 1)
            if close == -1:
                raise HTMLParseError(f"Unclosed start tag at byte offset {_byte_offset(source, i)}")
            attributes[attr_name] = _decode_attribute(source, j + 1, close)
            j = close + 1
        else:
            k = j
            while k < n and not source[k].isspace() and source[k] != ">":
                k += 1
            attributes[attr_name] = _decode_attribute(source, j, k)
            j = k


def _entity_for_tag(
    source: str, i: int, name: str, attributes: dict[str, str], stack: list[_OpenTag]
) -> dict[str, Any] | None:
    kind = _HTML_TAGS[name]
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise HTMLParseError(
            f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(source, i)}'
        )
    if name == "a":
        href = attributes.get("href", "")
        if not href:
            return None  # Telegram keeps the text and drops a link without a URL
        return {"type": "text_link", "url": href}
    if name == "tg-emoji":
        emoji_id = attributes.get("emoji-id", "")
        if not emoji_id.isdigit():
            raise HTMLParseError(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset '
                f"{_byte_offset(source, i)}"
            )
        return {"type": "custom_emoji", "custom_emoji_id": emoji_id}
    if name == "blockquote":
        return {"type": "expandable_blockquote" if "expandable" in attributes else "blockquote"}
    if name == "code" and stack and stack[-1].name == "pre" and stack[-1].entity is not None:
        # <pre><code class="language-x"> is one pre entity with a language, as in Telegram
        language = attributes.get("class", "")
        if language.startswith("language-") and len(language) > len("language-"):
            stack[-1].entity["language"] = language[len("language-") :]
        return None
    return {"type": kind}


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Parses Telegram's HTML parse mode strictly.

    Returns the plain text and its MessageEntity dicts (offsets and lengths in UTF-16 code
    units).  Raises :class:`HTMLParseError` for an unsupported tag, an unclosed or mismatched
    tag, a bare ``<`` and (stricter than Telegram) any ``&`` that does not begin a supported
    entity (``&lt; &gt; &amp; &quot;`` and numeric entities).
    """
    out: list[str] = []
    length = 0  # UTF-16 length of the plain text so far
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    i, n = 0, len(source)
    while i < n:
        special = _HTML_SPECIAL_RE.search(source, i)
        end = special.start() if special else n
        if end > i:
            chunk = source[i:end]
            out.append(chunk)
            length += utf16_len(chunk)
            i = end
            continue
        if source[i] == "&":
            text, i = _decode_entity(source, i)
            out.append(text)
            length += utf16_len(text)
            continue
        # source[i] == "<"
        if i + 1 < n and source[i + 1] == "/":
            close = source.find(">", i)
            if close == -1:
                raise HTMLParseError(f"Unclosed end tag at byte offset {_byte_offset(source, i)}")
            name = source[i + 2 : close].strip().lower()
            if not stack:
                raise HTMLParseError(f"Unexpected end tag at byte offset {_byte_offset(source, i)}")
            top = stack.pop()
            if name != top.name:
                raise HTMLParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, i)}, expected "
                    f'"</{top.name}>", found "</{name}>"'
                )
            if top.entity is not None and length > top.start:
                entities.append({**top.entity, "offset": top.start, "length": length - top.start})
            i = close + 1
            continue
        name, attributes, i_next = _parse_start_tag(source, i)
        entity = _entity_for_tag(source, i, name, attributes, stack)
        stack.append(_OpenTag(name=name, start=length, entity=entity))
        i = i_next
    if stack:
        raise HTMLParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities
