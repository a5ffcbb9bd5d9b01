"""The Bot API methods that send, edit and delete messages and answer queries."""

from __future__ import annotations

import copy
import time
from typing import Any

from .constants import NOT_MODIFIED_DESCRIPTION, QUERY_TOO_OLD
from .messages import MessageStore, strip_reply
from .records import ApiError, FakeChat
from .validation import (
    parse_text,
    validate_inline_button,
    validate_inline_result,
    validate_reply_markup,
)


class MessageMethods(MessageStore):
    """Handlers of sendMessage, editMessage*, deleteMessage, answer*Query and getFile; each
    takes the decoded params and returns the result or raises :class:`ApiError`."""

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params.get("chat_id"))
        text, entities = parse_text(
            params.get("text"), params.get("parse_mode"), params.get("entities")
        )
        markup = validate_reply_markup(params.get("reply_markup"))
        if markup is not None and "keyboard" in markup and chat.type == "channel":
            raise ApiError(400, "Bad Request: reply keyboards are not supported in channels")
        reply_to = self._reply_target(params, chat)
        msg: dict[str, Any] = {
            "message_id": self._allocate_message_id(chat.id),
            "from": copy.deepcopy(self._public_bot_user()),
            "chat": chat.to_json(),
            "date": int(time.time()),
        }
        if chat.type == "channel":
            del msg["from"]
            msg["sender_chat"] = chat.to_json()
        if reply_to is not None:
            msg["reply_to_message"] = reply_to
        msg["text"] = text
        if entities:
            msg["entities"] = entities
        lpo = params.get("link_preview_options")
        if isinstance(lpo, dict) and lpo.get("is_disabled"):
            msg["link_preview_options"] = {"is_disabled": True}
        if markup is not None and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        return self._store(msg)

    def _reply_target(self, params: dict[str, Any], chat: FakeChat) -> dict[str, Any] | None:
        reply = params.get("reply_parameters")
        if reply is None and params.get("reply_to_message_id") is not None:
            reply = {
                "message_id": params["reply_to_message_id"],
                "allow_sending_without_reply": params.get("allow_sending_without_reply", False),
            }
        if reply is None:
            return None
        if not isinstance(reply, dict) or not isinstance(reply.get("message_id"), int):
            raise ApiError(400, "Bad Request: can't parse reply parameters JSON object")
        target_chat = chat
        if "chat_id" in reply:
            target_chat = self._resolve_chat(reply["chat_id"])
        target = self._messages.get((target_chat.id, reply["message_id"]))
        if target is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise ApiError(400, "Bad Request: message to be replied not found")
        return strip_reply(target)

    def _editable_message(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """The stored message an edit targets, or None for an inline message."""
        if params.get("inline_message_id"):
            return None
        chat = self._resolve_chat(params.get("chat_id"))
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise ApiError(400, "Bad Request: message identifier is not specified")
        msg = self._messages.get((chat.id, message_id))
        if msg is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if msg.get("from", {}).get("id") != self.bot_id and chat.type != "channel":
            raise ApiError(400, "Bad Request: message can't be edited")
        return msg

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        msg = self._editable_message(params)
        text, entities = parse_text(
            params.get("text"), params.get("parse_mode"), params.get("entities")
        )
        markup = validate_reply_markup(params.get("reply_markup"), inline_only=True)
        if msg is None:
            return True
        if "text" not in msg:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        if (
            msg["text"] == text
            and msg.get("entities", []) == entities
            and msg.get("reply_markup") == markup
        ):
            raise ApiError(400, NOT_MODIFIED_DESCRIPTION)
        msg["text"] = text
        if entities:
            msg["entities"] = entities
        else:
            msg.pop("entities", None)
        if markup is not None:
            msg["reply_markup"] = markup
        else:
            msg.pop("reply_markup", None)  # Telegram drops the keyboard when none is sent
        msg["edit_date"] = int(time.time())
        return copy.deepcopy(msg)

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        msg = self._editable_message(params)
        markup = validate_reply_markup(params.get("reply_markup"), inline_only=True)
        if msg is None:
            return True
        if msg.get("reply_markup") == markup:
            raise ApiError(400, NOT_MODIFIED_DESCRIPTION)
        if markup is not None:
            msg["reply_markup"] = markup
        else:
            msg.pop("reply_markup", None)
        msg["edit_date"] = int(time.time())
        return copy.deepcopy(msg)

    def _delete_message(self, params: dict[str, Any]) -> bool:
        chat = self._resolve_chat(params.get("chat_id"))
        key = (chat.id, params.get("message_id"))
        msg = self._messages.get(key)  # type: ignore[arg-type]
        if msg is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        own = msg.get("from", {}).get("id") == self.bot_id
        if not own and chat.type in ("group", "supergroup") and not self._bot_is_admin(chat.id):
            raise ApiError(400, "Bad Request: message can't be deleted")
        del self._messages[key]  # type: ignore[arg-type]
        return True

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = params.get("callback_query_id")
        if self._callback_queries.get(query_id) is not False:  # type: ignore[arg-type]
            raise ApiError(400, QUERY_TOO_OLD)
        text = params.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        url = params.get("url")
        if url is not None and not str(url).startswith(("t.me/", "https://t.me/", "tg://")):
            raise ApiError(400, "Bad Request: URL_INVALID")
        self._callback_queries[str(query_id)] = True
        return True

    def _answer_inline_query(self, params: dict[str, Any]) -> bool:
        query_id = params.get("inline_query_id")
        if self._inline_queries.get(query_id) is not False:  # type: ignore[arg-type]
            raise ApiError(400, QUERY_TOO_OLD)
        results = params.get("results")
        if not isinstance(results, list):
            raise ApiError(400, "Bad Request: can't parse inline query results JSON object")
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            validate_inline_result(result, seen)
        next_offset = params.get("next_offset")
        if next_offset is not None and len(str(next_offset).encode()) > 64:
            raise ApiError(400, "Bad Request: NEXT_OFFSET_INVALID")
        button = params.get("button")
        if button is not None:
            validate_inline_button(button)
        self._inline_queries[str(query_id)] = True
        return True

    def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params.get("file_id") or "")
        if not file_id:
            raise ApiError(400, "Bad Request: file_id is empty")
        return {
            "file_id": file_id,
            "file_unique_id": f"U{abs(hash(file_id)) % 10**8}",
            "file_size": 17,
            "file_path": f"files/{abs(hash(file_id)) % 10**8}.bin",
        }
