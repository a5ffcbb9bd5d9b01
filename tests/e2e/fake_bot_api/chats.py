"""The chat registry: chats, users, memberships, blocked and deleted chats."""

from __future__ import annotations

import copy
from typing import Any

from .constants import MEMBER_STATUSES, words
from .records import ApiError, FakeChat
from .state import FakeBotApiState

# Methods that send something into a chat: these fail for blocked users and groups the bot left.
SENDING_METHODS = words(
    "sendmessage sendphoto senddocument sendsticker sendvoice sendaudio sendvideo "
    "sendanimation sendchataction sendmediagroup sendlocation sendpoll copymessage "
    "forwardmessage editmessagetext editmessagereplymarkup editmessagecaption"
)


class ChatRegistry(FakeBotApiState):
    """Chats and users the fake knows, the bot's and users' membership, blocks and deletions."""

    def add_chat(
        self,
        chat_id: int,
        *,
        type: str | None = None,
        title: str | None = None,
        username: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> FakeChat:
        """Registers (or updates) a chat; type defaults from the id (see chat_type_for())."""
        chat_type = type or self.chat_type_for(chat_id)
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = FakeChat(id=chat_id, type=chat_type)
            self._chats[chat_id] = chat
        chat.type = chat_type
        if chat_type == "private":
            user = self._users.get(chat_id, {})
            chat.first_name = first_name or chat.first_name or user.get("first_name") or "User"
            chat.last_name = last_name or chat.last_name or user.get("last_name")
            chat.username = username or chat.username or user.get("username")
        else:
            chat.title = title or chat.title or f"Chat {chat_id}"
            chat.username = username or chat.username
        self._deleted.discard(chat_id)
        return chat

    @staticmethod
    def chat_type_for(chat_id: int) -> str:
        """private for positive ids, supergroup for -100..., group for other negative ids."""
        if chat_id > 0:
            return "private"
        if chat_id <= -1000000000000:
            return "supergroup"
        return "group"

    def chat(self, chat_id: int) -> FakeChat | None:
        return self._chats.get(chat_id)

    def set_chat_member(self, chat_id: int, user_id: int, status: str) -> None:
        """Sets what getChatMember answers (creator/administrator/member/restricted/left/kicked).

        Use the bot's id (fake.bot_id) to make the bot an administrator (privacy mode then no
        longer filters that group) or to remove it from the group.
        """
        if status not in MEMBER_STATUSES:
            raise ValueError(f"unknown member status {status!r}")
        self._members[(chat_id, user_id)] = status

    def block_chat(self, chat_id: int) -> None:
        """The user blocked the bot: sending gives 403 "Forbidden: bot was blocked by the user"."""
        self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def delete_chat(self, chat_id: int) -> None:
        """The chat is gone: every method naming it answers 400 "Bad Request: chat not found"."""
        self._deleted.add(chat_id)

    def _user(
        self,
        user_id: int,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> dict[str, Any]:
        user = self._users.get(user_id)
        if user is None:
            user = {"id": user_id, "is_bot": False, "first_name": first_name or "Alice"}
            self._users[user_id] = user
        if first_name:
            user["first_name"] = first_name
        for key, value in (
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value is not None:
                user[key] = value
        return copy.deepcopy(user)

    def _ensure_chat(
        self, chat_id: int, *, title: str | None = None, user: dict[str, Any] | None = None
    ) -> FakeChat:
        chat = self._chats.get(chat_id)
        if chat is not None and chat_id not in self._deleted:
            return chat
        if chat_id > 0 and user is not None:
            return self.add_chat(
                chat_id,
                first_name=user.get("first_name"),
                last_name=user.get("last_name"),
                username=user.get("username"),
            )
        return self.add_chat(chat_id, title=title)

    def _resolve_chat(self, chat_id: Any) -> FakeChat:
        chat: FakeChat | None = None
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            wanted = chat_id[1:].lower()
            chat = next(
                (c for c in self._chats.values() if (c.username or "").lower() == wanted), None
            )
        elif isinstance(chat_id, int) and not isinstance(chat_id, bool):
            chat = self._chats.get(chat_id)
            if chat is None and not self.strict_chats and chat_id != 0:
                chat = self.add_chat(chat_id)
        else:
            raise ApiError(
                400,
                "Bad Request: chat_id is empty"
                if chat_id in ("", None)
                else "Bad Request: chat not found",
            )
        if chat is None or chat.id in self._deleted:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _check_chat(self, method: str, params: dict[str, Any]) -> None:
        if "chat_id" not in params or method in ("setmycommands", "deletemycommands"):
            return
        chat = self._resolve_chat(params["chat_id"])
        params["chat_id"] = chat.id
        if method not in SENDING_METHODS:
            return
        if chat.id in self._blocked:
            if chat.type == "private":
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
        status = self._members.get((chat.id, self.bot_id))
        if chat.type in ("group", "supergroup", "channel"):
            if status == "kicked":
                raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
            if status == "left":
                raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")

    def _member_json(self, user: dict[str, Any], status: str) -> dict[str, Any]:
        data: dict[str, Any] = {"status": status, "user": copy.deepcopy(user)}
        if status == "creator":
            data["is_anonymous"] = False
        elif status == "administrator":
            data.update(
                {
                    "can_be_edited": False,
                    "is_anonymous": False,
                    "can_manage_chat": True,
                    "can_delete_messages": True,
                    "can_manage_video_chats": True,
                    "can_restrict_members": True,
                    "can_promote_members": False,
                    "can_change_info": True,
                    "can_invite_users": True,
                    "can_post_stories": False,
                    "can_edit_stories": False,
                    "can_delete_stories": False,
                    "can_pin_messages": True,
                }
            )
        elif status == "kicked":
            data["until_date"] = 0
        elif status == "restricted":
            data.update(
                {
                    "is_member": True,
                    "can_send_messages": False,
                    "can_send_audios": False,
                    "can_send_documents": False,
                    "can_send_photos": False,
                    "can_send_videos": False,
                    "can_send_video_notes": False,
                    "can_send_voice_notes": False,
                    "can_send_polls": False,
                    "can_send_other_messages": False,
                    "can_add_web_page_previews": False,
                    "can_change_info": False,
                    "can_invite_users": False,
                    "can_pin_messages": False,
                    "can_manage_topics": False,
                    "until_date": 0,
                }
            )
        return data

    def _bot_is_admin(self, chat_id: int) -> bool:
        return self._members.get((chat_id, self.bot_id)) in ("administrator", "creator")
