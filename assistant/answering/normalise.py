"""Text normalisation shared by the knowledge base and the matcher.

Both sides go through the same function, so a synonym written "K+" or "Vitamin-D" in YAML meets
the user's "k+" or "vitamin d" halfway.
"""

from __future__ import annotations

import re
import unicodedata

_MENTION = re.compile(r"@\w+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_APOSTROPHE = re.compile(r"['’`´]")
_PLUS = re.compile(r"\+")
_NON_WORD = re.compile(r"[\W_]+")
_REPEATS = re.compile(r"(\w)\1{2,}")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
# "b 12", "b-12" and "d 3" are vitamin names; "a 6" and "i 2" are not.
_LETTER_NUMBER = re.compile(r"\b([b-hj-z]) (\d{1,2})\b")


def normalise(text: str) -> str:
    """Lower-case, accent-free, punctuation-free words separated by single spaces.

    Mentions and links are dropped, "+" becomes "plus" (K+), letters repeated three or more
    times are squeezed to two ("sooo" -> "soo"), and bare numbers become "#" so that
    "for 6 months" and "for 2 months" read alike.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _URL.sub(" ", _MENTION.sub(" ", text))
    if not text.isascii():  # accents off: "café" -> "cafe"
        text = "".join(
            ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
        )
    text = _PLUS.sub(" plus ", _APOSTROPHE.sub("", text))
    text = _REPEATS.sub(r"\1\1", _NON_WORD.sub(" ", text))
    text = _LETTER_NUMBER.sub(r"\1\2", text)
    return " ".join("#" if _NUMBER.match(word) else word for word in text.split())
