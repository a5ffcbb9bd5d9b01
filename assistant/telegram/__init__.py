"""The Telegram layer: turns updates into text, asks the assistant, renders and sends.

It knows nothing of matching; everything it says comes from an `assistant.Reply`.
"""
