"""Builders of the update dicts Telegram would send: users' messages of every kind, button
presses, inline queries and changes of the bot's membership."""

from __future__ import annotations

import copy
import time
from typing import Any

from .constants import DEFAULT_CHANNEL_ID, DEFAULT_GROUP_ID, DEFAULT_USER_ID, MEMBER_STATUSES
from .messages import MessageStore


class UpdateBuilders(MessageStore):
    """``fake.private_message(...)`` and friends: each returns one update dict (without
    update_id) and brings the fake's chats, messages and queries in step with it;
    push_update() queues it."""

    def private_message(
        self,
        text: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        first_name: str = "Alice",
        last_name: str | None = None,
        username: str | None = "alice",
        language_code: str | None = "en",
        reply_to_message_id: int | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A ``message`` update: a user's text in the private chat (chat_id defaults to user_id).

        bot_command entities are detected for "/cmd" (and "/cmd@Bot") and mention entities for
        "@username", unless ``entities`` is given.
        """
        user = self._user(user_id, first_name, last_name, username, language_code)
        chat = self._ensure_chat(user_id if chat_id is None else chat_id, user=user)
        msg = self._user_message(chat, user, reply_to_message_id=reply_to_message_id)
        self._set_text(msg, text, entities)
        return {"message": self._store(msg)}

    def group_message(
        self,
        text: str,
        *,
        chat_id: int = DEFAULT_GROUP_ID,
        user_id: int = DEFAULT_USER_ID,
        first_name: str = "Alice",
        last_name: str | None = None,
        username: str | None = "alice",
        language_code: str | None = "en",
        title: str = "Test Group",
        reply_to_bot_message_id: int | str | None = None,
        reply_to_message_id: int | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A ``message`` update in a group (chat_id < 0; -100... is a supergroup).

        ``reply_to_bot_message_id`` (a message id, or "last" for the bot's latest message in the
        chat) makes it a reply to a message the bot sent there, which must exist.
        """
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        user = self._user(user_id, first_name, last_name, username, language_code)
        chat = self._ensure_chat(chat_id, title=title)
        if reply_to_bot_message_id is not None:
            reply_to_message_id = self._bot_message_id(chat_id, reply_to_bot_message_id)
        msg = self._user_message(chat, user, reply_to_message_id=reply_to_message_id)
        self._set_text(msg, text, entities)
        return {"message": self._store(msg)}

    def edited_message(
        self,
        text: str,
        *,
        message_id: int,
        chat_id: int | None = None,
        user_id: int = DEFAULT_USER_ID,
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """An ``edited_message`` update: the user's earlier message ``message_id`` with new text."""
        chat_id = user_id if chat_id is None else chat_id
        original = self._messages.get((chat_id, message_id))
        if original is None:
            user = self._user(user_id)
            chat = self._ensure_chat(chat_id, user=user)
            original = self._user_message(chat, user)
            original["message_id"] = message_id
        msg = copy.deepcopy(original)
        msg.pop("entities", None)
        self._set_text(msg, text, entities)
        msg["edit_date"] = int(time.time())
        self._store(msg)
        return {"edited_message": copy.deepcopy(msg)}

    def callback_query(
        self,
        data: str,
        *,
        message_id: int | None = None,
        chat_id: int | None = None,
        user_id: int = DEFAULT_USER_ID,
        inline_message_id: str | None = None,
        first_name: str = "Alice",
        username: str | None = "alice",
        strict: bool = True,
    ) -> dict[str, Any]:
        """A ``callback_query`` update: the user pressed a button with callback ``data``.

        The message is the bot's message ``message_id`` in ``chat_id`` (default: the private
        chat with the user; default message: the bot's latest there), in its current state.
        With ``strict`` the message must carry a button with that callback_data. For a button
        on an inline-mode message pass ``inline_message_id`` instead.
        """
        user = self._user(user_id, first_name, None, username)
        query_id = str(next(self._ids) * 7919 + 4000000000000000000)
        query: dict[str, Any] = {
            "id": query_id,
            "from": user,
            "chat_instance": str(-(abs(chat_id or user_id) * 31 + 17)),
            "data": data,
        }
        if inline_message_id is not None:
            query["inline_message_id"] = inline_message_id
        else:
            chat_id = user_id if chat_id is None else chat_id
            mid = self._bot_message_id(chat_id, "last" if message_id is None else message_id)
            msg = self._messages[(chat_id, mid)]
            if strict:
                datas = [
                    b.get("callback_data")
                    for row in msg.get("reply_markup", {}).get("inline_keyboard", [])
                    for b in row
                ]
                if data not in datas:
                    raise ValueError(
                        f"message {mid} in chat {chat_id} has no button with callback_data "
                        f"{data!r} (buttons: {datas}); pass strict=False to send it anyway"
                    )
            query["message"] = copy.deepcopy(msg)
        self._callback_queries[query_id] = False
        return {"callback_query": query}

    def inline_query(
        self,
        query: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        offset: str = "",
        chat_type: str | None = "sender",
        first_name: str = "Alice",
        username: str | None = "alice",
    ) -> dict[str, Any]:
        """An ``inline_query`` update ("@BotName query" typed in some chat)."""
        user = self._user(user_id, first_name, None, username)
        query_id = str(next(self._ids) * 104729 + 5000000000000000000)
        self._inline_queries[query_id] = False
        inline: dict[str, Any] = {"id": query_id, "from": user, "query": query, "offset": offset}
        if chat_type is not None:
            inline["chat_type"] = chat_type
        return {"inline_query": inline}

    def my_chat_member(
        self,
        chat_id: int,
        old_status: str = "member",
        new_status: str = "left",
        *,
        user_id: int = DEFAULT_USER_ID,
        title: str = "Test Group",
    ) -> dict[str, Any]:
        """A ``my_chat_member`` update: the bot's own status in the chat changed (by user_id).

        Also applies it: "left"/"kicked" in a group make sending there fail with 403; in a
        private chat "kicked" means the user blocked the bot and "member" unblocks.
        """
        for status in (old_status, new_status):
            if status not in MEMBER_STATUSES:
                raise ValueError(f"unknown member status {status!r}")
        user = self._user(user_id)
        chat = self._ensure_chat(chat_id, title=title, user=user if chat_id > 0 else None)
        self._members[(chat_id, self.bot_id)] = new_status
        if chat.type == "private":
            if new_status == "kicked":
                self._blocked.add(chat_id)
            elif new_status == "member":
                self._blocked.discard(chat_id)
        return {
            "my_chat_member": {
                "chat": chat.to_json(),
                "from": user,
                "date": int(time.time()),
                "old_chat_member": self._member_json(self.bot_user, old_status),
                "new_chat_member": self._member_json(self.bot_user, new_status),
            }
        }

    def sticker_message(
        self, *, emoji: str = "👍", user_id: int = DEFAULT_USER_ID, chat_id: int | None = None
    ) -> dict[str, Any]:
        """A ``message`` update carrying a sticker (no text)."""
        uid = next(self._ids)
        return self._media_message(
            user_id,
            chat_id,
            sticker={
                "file_id": f"CAACAgIAAxkBAAI{uid}",
                "file_unique_id": f"AgAD{uid}",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": emoji,
                "set_name": "FakeStickers",
            },
        )

    def photo_message(
        self,
        caption: str | None = None,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """A ``message`` update carrying a photo (three sizes) and an optional caption."""
        uid = next(self._ids)
        sizes = [
            {
                "file_id": f"AgACAgIAAxkBAAI{uid}-{w}",
                "file_unique_id": f"AQAD{uid}{w}",
                "width": w,
                "height": w * 3 // 4,
                "file_size": w * 100,
            }
            for w in (90, 320, 1280)
        ]
        extra: dict[str, Any] = {"photo": sizes}
        if caption is not None:
            extra["caption"] = caption
        return self._media_message(user_id, chat_id, **extra)

    def voice_message(
        self, *, duration: int = 3, user_id: int = DEFAULT_USER_ID, chat_id: int | None = None
    ) -> dict[str, Any]:
        """A ``message`` update carrying a voice note."""
        uid = next(self._ids)
        return self._media_message(
            user_id,
            chat_id,
            voice={
                "file_id": f"AwACAgIAAxkBAAI{uid}",
                "file_unique_id": f"AgADv{uid}",
                "duration": duration,
                "mime_type": "audio/ogg",
                "file_size": 4000 * duration,
            },
        )

    def forwarded_message(
        self,
        text: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        origin_user_id: int = 20002,
        origin_first_name: str = "Bob",
        hidden: bool = False,
    ) -> dict[str, Any]:
        """A ``message`` update: the user forwarded someone's text (forward_origin user or,
        with ``hidden``, hidden_user)."""
        user = self._user(user_id)
        chat = self._ensure_chat(user_id if chat_id is None else chat_id, user=user)
        msg = self._user_message(chat, user)
        date = int(time.time()) - 3600
        if hidden:
            msg["forward_origin"] = {
                "type": "hidden_user",
                "date": date,
                "sender_user_name": origin_first_name,
            }
        else:
            origin = {"id": origin_user_id, "is_bot": False, "first_name": origin_first_name}
            msg["forward_origin"] = {"type": "user", "date": date, "sender_user": origin}
        self._set_text(msg, text, None)
        return {"message": self._store(msg)}

    def channel_post(
        self, text: str, *, chat_id: int = DEFAULT_CHANNEL_ID, title: str = "Test Channel"
    ) -> dict[str, Any]:
        """A ``channel_post`` update (a channel the bot administers)."""
        chat = self.add_chat(chat_id, type="channel", title=title)
        msg = {
            "message_id": self._allocate_message_id(chat_id),
            "sender_chat": chat.to_json(),
            "chat": chat.to_json(),
            "date": int(time.time()),
        }
        self._set_text(msg, text, None)
        return {"channel_post": self._store(msg)}
