"""Reminders: daily reminders per chat, of the kinds in `kinds.KINDS`; knows nothing of Telegram.

Owns: the kinds table (`kinds`), typed time zones (`zones`), parsing and slot computation
(`schedule`), every sentence reminders say (`wording`), subscriptions (`store`), due slots and
delivery records (`deliveries`), the sending loop (`dispatch`), and the front door the
Telegram layer calls for every command and button (`commands`).

May import: `assistant.storage` (connection, transactions, chat settings). Never
`assistant.telegram` or `telegram`, nor `assistant.answering` (the reminder's text is asked of
the `Assistant` by the Telegram layer).
"""
