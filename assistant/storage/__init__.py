"""Storage: the bot's one SQLite database (a file under BOT_DATA_DIR) and its plain tables.

Owns: the connection (`connection`), transactions (`transactions`), UTC instants as text
(`utc`), the versioned schema of every table (`migrations`), and the queries of two table
groups: usage statistics (`statistics`) and chat settings (`chat_settings`). Reminder queries
live with the reminders (`assistant.reminders.store`, `assistant.reminders.deliveries`).

May import: the standard library only; never `assistant.answering`, `assistant.reminders` or
`assistant.telegram`.
"""

from assistant.storage.connection import open_database

__all__ = ["open_database"]
