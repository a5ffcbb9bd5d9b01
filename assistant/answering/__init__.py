"""Answering: from a user's text to a `Reply`, knowing nothing of Telegram or storage.

Owns: normalising text, spotting phrases, red flags, matching a topic and aspect, composing the
reply (the one place the disclaimer is attached) and the `Assistant` face. Imports `assistant.kb`.
"""
