"""What a test's user does in one call: build an update and push it to the bot."""

from __future__ import annotations

from typing import Any

from .constants import DEFAULT_USER_ID
from .polling import UpdateQueue
from .updates import UpdateBuilders


class UserActions(UpdateBuilders, UpdateQueue):
    """Shortcuts combining an update builder with push_update()."""

    def send_text(self, text: str, **kwargs: Any) -> dict[str, Any] | None:
        """Pushes a private text message (see private_message() for the arguments)."""
        return self.push_update(self.private_message(text, **kwargs))

    def send_group_text(self, text: str, **kwargs: Any) -> dict[str, Any] | None:
        """Pushes a group text message (see group_message() for the arguments)."""
        return self.push_update(self.group_message(text, **kwargs))

    def press_button(
        self,
        text: str,
        *,
        chat_id: int | None = None,
        message_id: int | None = None,
        user_id: int = DEFAULT_USER_ID,
    ) -> dict[str, Any] | None:
        """Presses the callback button labelled ``text`` (or whose callback_data is ``text``)
        on the bot's message (default: its latest message with such a button in the chat) and
        pushes the callback_query update."""
        chat_id = user_id if chat_id is None else chat_id
        candidates = (
            [self._messages.get((chat_id, message_id))]
            if message_id is not None
            else list(reversed(self.bot_messages(chat_id)))
        )
        labels: list[str] = []
        for msg in candidates:
            if msg is None:
                continue
            for row in msg.get("reply_markup", {}).get("inline_keyboard", []):
                for button in row:
                    labels.append(button.get("text", ""))
                    if "callback_data" in button and text in (
                        button["text"],
                        button["callback_data"],
                    ):
                        return self.push_update(
                            self.callback_query(
                                button["callback_data"],
                                message_id=msg["message_id"],
                                chat_id=chat_id,
                                user_id=user_id,
                            )
                        )
        raise ValueError(
            f"no callback button {text!r} on the bot's messages in chat {chat_id}; "
            f"buttons seen: {labels}"
        )
