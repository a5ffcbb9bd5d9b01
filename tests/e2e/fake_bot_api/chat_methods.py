"""The Bot API methods about chats: getChat, getChatMember(s), leaveChat, sendChatAction."""

from __future__ import annotations

from typing import Any

from .chats import ChatRegistry
from .constants import words
from .records import ApiError

CHAT_ACTIONS = words(
    "typing upload_photo record_video upload_video record_voice upload_voice "
    "upload_document choose_sticker find_location record_video_note upload_video_note"
)


class ChatMethods(ChatRegistry):
    """Handlers of the chat methods; each takes the decoded params and returns the result."""

    def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._resolve_chat(params.get("chat_id"))
        if params.get("action") not in CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params.get("chat_id"))
        return {
            **chat.to_json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params.get("chat_id"))
        user_id = params.get("user_id")
        if not isinstance(user_id, int):
            raise ApiError(400, "Bad Request: invalid user_id specified")
        if user_id == self.bot_id:
            user = self._public_bot_user()
        elif user_id in self._users:
            user = self._users[user_id]
        else:
            raise ApiError(400, "Bad Request: user not found")
        default = "member"
        if chat.type == "private" and user_id not in (chat.id, self.bot_id):
            raise ApiError(400, "Bad Request: user not found")
        status = self._members.get((chat.id, user_id), default)
        return self._member_json(user, status)

    def _get_chat_administrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._resolve_chat(params.get("chat_id"))
        if chat.type == "private":
            raise ApiError(400, "Bad Request: there are no administrators in the private chat")
        admins = []
        for (chat_id, user_id), status in sorted(self._members.items()):
            if chat_id == chat.id and status in ("creator", "administrator"):
                user = (
                    self._public_bot_user()
                    if user_id == self.bot_id
                    else self._users.get(
                        user_id, {"id": user_id, "is_bot": False, "first_name": "User"}
                    )
                )
                admins.append(self._member_json(user, status))
        return admins

    def _leave_chat(self, params: dict[str, Any]) -> bool:
        chat = self._resolve_chat(params.get("chat_id"))
        if chat.type == "private":
            raise ApiError(400, "Bad Request: chat member status can't be changed in private chats")
        self._members[(chat.id, self.bot_id)] = "left"
        return True
