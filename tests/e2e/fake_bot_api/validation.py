"""Telegram's validation of what the bot sends: message texts, reply markups (keyboards) and
inline query results. Each check raises :class:`ApiError` with Telegram's description."""

from __future__ import annotations

import re
from typing import Any

from .constants import MAX_MESSAGE_LENGTH, words
from .html import HTMLParseError, parse_html, utf16_len
from .records import ApiError

INLINE_RESULT_TYPES = words(
    "article photo gif mpeg4_gif video audio voice document location venue contact game sticker"
)
BUTTON_ACTION_FIELDS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)

_START_PARAM_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def parse_text(
    text: Any,
    parse_mode: Any,
    entities: Any,
    *,
    limit: int = MAX_MESSAGE_LENGTH,
    what: str = "message text",
) -> tuple[str, list[dict[str, Any]]]:
    """The plain text and entities Telegram would store for a text (or caption, see ``what``)
    sent with ``parse_mode``/``entities``; raises :class:`ApiError` as Telegram answers."""
    if text is None or text == "":
        raise ApiError(400, f"Bad Request: {what} is empty")
    text = str(text)
    mode = (parse_mode or "").lower() if isinstance(parse_mode, str) else ""
    if parse_mode not in (None, "") and mode not in ("html", "markdown", "markdownv2"):
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode}")
    if mode == "html":
        try:
            plain, found = parse_html(text)
        except HTMLParseError as exc:
            raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
    else:
        plain, found = text, list(entities) if isinstance(entities, list) else []
    if not plain.strip():
        raise ApiError(400, f"Bad Request: {what} is empty")
    if utf16_len(plain) > limit:
        if what == "message text":
            raise ApiError(400, "Bad Request: message is too long")
        raise ApiError(400, f"Bad Request: {what} is too long")
    return plain, found


def validate_reply_markup(markup: Any, *, inline_only: bool = False) -> Any:
    """Returns the reply_markup if Telegram accepts it (None for none); ``inline_only`` for
    edits and inline results, where only an inline keyboard is allowed."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        validate_inline_keyboard(markup["inline_keyboard"])
        return markup
    if inline_only:
        raise ApiError(400, "Bad Request: REPLY_MARKUP_INVALID")
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        for row in rows:
            for button in row:
                if isinstance(button, str):
                    continue
                if not isinstance(button, dict) or not button.get("text"):
                    raise ApiError(400, "Bad Request: keyboard button text is empty")
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")


def validate_inline_keyboard(rows: Any) -> None:
    """The rows of an InlineKeyboardMarkup: sizes, and each button's one action and its value."""
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise ApiError(
            400,
            'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must '
            "be an Array of Arrays",
        )
    total = sum(len(r) for r in rows)
    if total > 100 or any(len(r) > 8 for r in rows):
        raise ApiError(400, "Bad Request: BUTTONS_TOO_MUCH")
    for row in rows:
        for button in row:
            if not isinstance(button, dict):
                raise ApiError(400, "Bad Request: can't parse inline keyboard button")
            if not isinstance(button.get("text"), str) or not button["text"].strip():
                raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
            actions = [f for f in BUTTON_ACTION_FIELDS if f in button]
            if len(actions) != 1:
                raise ApiError(
                    400,
                    "Bad Request: can't parse inline keyboard button: Text buttons are "
                    "unallowed in the inline keyboard"
                    if not actions
                    else "Bad Request: can't parse inline keyboard button: exactly one of "
                    f"the optional fields must be used, found {actions}",
                )
            action = actions[0]
            value = button[action]
            if action == "callback_data":
                if not isinstance(value, str) or not 1 <= len(value.encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            elif action == "url":
                if not isinstance(value, str) or not re.match(
                    r"^(https?://[^\s/]+|tg://[a-z_]+)\S*$", value
                ):
                    raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
            elif action in ("switch_inline_query", "switch_inline_query_current_chat"):
                if not isinstance(value, str) or len(value) > 256:
                    raise ApiError(400, "Bad Request: BUTTON_TYPE_INVALID")
            elif action == "copy_text" and (
                not isinstance(value, dict) or not 1 <= len(value.get("text", "")) <= 256
            ):
                raise ApiError(400, "Bad Request: COPY_TEXT_INVALID")


def validate_inline_result(result: Any, seen: set[str]) -> None:
    """One InlineQueryResult of answerInlineQuery; ``seen`` collects the ids, which must differ."""
    if not isinstance(result, dict) or result.get("type") not in INLINE_RESULT_TYPES:
        raise ApiError(400, "Bad Request: RESULT_TYPE_INVALID")
    result_id = result.get("id")
    if not isinstance(result_id, str) or not 1 <= len(result_id.encode()) <= 64:
        raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
    if result_id in seen:
        raise ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
    seen.add(result_id)
    content = result.get("input_message_content")
    if result["type"] == "article":
        if not str(result.get("title", "")).strip():
            raise ApiError(400, "Bad Request: RESULT_TITLE_EMPTY")
        if not isinstance(content, dict):
            raise ApiError(400, "Bad Request: MESSAGE_EMPTY")
    if isinstance(content, dict) and "message_text" in content:
        parse_text(content.get("message_text"), content.get("parse_mode"), content.get("entities"))
    elif content is not None and not isinstance(content, dict):
        raise ApiError(400, "Bad Request: can't parse input message content")
    validate_reply_markup(result.get("reply_markup"), inline_only=True)


def validate_inline_button(button: Any) -> None:
    """The ``button`` answerInlineQuery shows above the results."""
    if not isinstance(button, dict) or not str(button.get("text", "")).strip():
        raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
    kinds = [k for k in ("web_app", "start_parameter") if k in button]
    if len(kinds) != 1:
        raise ApiError(400, "Bad Request: BUTTON_TYPE_INVALID")
    if kinds == ["start_parameter"] and not _START_PARAM_RE.match(str(button["start_parameter"])):
        raise ApiError(400, "Bad Request: START_PARAM_INVALID")
