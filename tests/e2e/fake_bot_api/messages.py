"""The message store: every message in every chat in its current state, and the helpers
that build users' messages into it."""

from __future__ import annotations

import copy
import re
import time
from typing import Any

from .chats import ChatRegistry
from .html import utf16_len
from .records import FakeChat

_BOT_COMMAND_ENTITY_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w@/])")
_MENTION_ENTITY_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{4,32}\b")


def detect_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command and mention entities Telegram's clients would attach to ``text``."""
    entities: list[dict[str, Any]] = []
    for kind, regex in (
        ("bot_command", _BOT_COMMAND_ENTITY_RE),
        ("mention", _MENTION_ENTITY_RE),
    ):
        for match in regex.finditer(text):
            entities.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group()),
                }
            )
    entities.sort(key=lambda e: e["offset"])
    return entities


def strip_reply(msg: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``msg`` to nest as reply_to_message: Telegram nests only one level."""
    replied = copy.deepcopy(msg)
    replied.pop("reply_to_message", None)
    return replied


class MessageStore(ChatRegistry):
    """Messages by (chat id, message id); the bot's own messages among them."""

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The current state (after edits) of a message in the chat, or None if deleted/unknown."""
        msg = self._messages.get((chat_id, message_id))
        return copy.deepcopy(msg) if msg is not None else None

    def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        """The bot's messages in the chat that still exist, oldest first (current state)."""
        return [
            copy.deepcopy(m)
            for (cid, _), m in sorted(self._messages.items())
            if cid == chat_id and m.get("from", {}).get("id") == self.bot_id
        ]

    def _allocate_message_id(self, chat_id: int) -> int:
        mid = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = mid + 1
        return mid

    def _store(self, msg: dict[str, Any]) -> dict[str, Any]:
        self._messages[(msg["chat"]["id"], msg["message_id"])] = msg
        return copy.deepcopy(msg)

    def _bot_message_id(self, chat_id: int, message_id: int | str) -> int:
        mine = [m["message_id"] for m in self.bot_messages(chat_id)]
        if message_id == "last":
            if not mine:
                raise ValueError(f"the bot has no message in chat {chat_id}")
            return mine[-1]
        if message_id not in mine:
            raise ValueError(
                f"the bot has no message {message_id} in chat {chat_id} (it has {mine})"
            )
        return int(message_id)

    def _user_message(
        self, chat: FakeChat, user: dict[str, Any], *, reply_to_message_id: int | None = None
    ) -> dict[str, Any]:
        msg: dict[str, Any] = {
            "message_id": self._allocate_message_id(chat.id),
            "from": user,
            "chat": chat.to_json(),
            "date": int(time.time()),
        }
        if reply_to_message_id is not None:
            replied = self._messages.get((chat.id, reply_to_message_id))
            if replied is None:
                raise ValueError(f"no message {reply_to_message_id} in chat {chat.id}")
            msg["reply_to_message"] = strip_reply(replied)
        return msg

    def _media_message(self, user_id: int, chat_id: int | None, **content: Any) -> dict[str, Any]:
        user = self._user(user_id)
        chat = self._ensure_chat(user_id if chat_id is None else chat_id, user=user)
        msg = self._user_message(chat, user)
        msg.update(content)
        if "caption" in msg:
            entities = detect_entities(msg["caption"])
            if entities:
                msg["caption_entities"] = entities
        return {"message": self._store(msg)}

    def _set_text(
        self, msg: dict[str, Any], text: str, entities: list[dict[str, Any]] | None
    ) -> None:
        msg["text"] = text
        found = detect_entities(text) if entities is None else entities
        if found:
            msg["entities"] = found
        else:
            msg.pop("entities", None)
