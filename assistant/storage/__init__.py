"""Storage: the bot's one database and its plain tables. SQLite (a file under BOT_DATA_DIR) by
default; PostgreSQL when DATABASE_URL is set (`postgres`). One interface (`database.Database`),
the same queries and the same migrations for both; what differs is in `dialect`.

Owns: the connection (`connection`, `postgres`), transactions (`transactions`), UTC instants as text
(`utc`), the versioned schema of every table (`migrations`), and the queries of two table
groups: usage statistics (`statistics`) and chat settings (`chat_settings`). Reminder queries
live with the reminders (`assistant.reminders.store`, `assistant.reminders.deliveries`).

May import: the standard library, and psycopg (in `postgres` only, loaded only for a
DATABASE_URL); never `assistant.answering`, `assistant.reminders` or
`assistant.telegram`.
"""

from assistant.storage.connection import open_database

__all__ = ["open_database"]
