"""The Telegram layer: turns updates into text, asks the assistant, renders and sends.

Owns: the application and its handlers in order (`app`), the COMMANDS table (`commands`), the
typed context (`context`), question handlers (`handlers`), topic buttons (`callbacks`),
inline mode (`inline`), membership changes (`members`), the reminders' handlers and jobs
(`reminder_handlers`, `reminder_jobs`), the callback-data codec (`keyboards`), rendering and
sending (`render`, `send`), its words (`texts`), errors, config and logs.

May import everything below it: `assistant.answering`, `assistant.storage`,
`assistant.reminders`. It knows nothing of matching; everything it says comes from a `Reply`.
"""
