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
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")  # letters only: "5000" stays
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
# "b 12", "b-12" and "d 3" are vitamin names; "a 6", "i 2" and "vit d 14 ng/ml" are not.
_LETTER_NUMBER = re.compile(r"\b(?:([b-ce-hj-z]) (\d{1,2})|(d) ([23]))\b")
# "5000iu", "34wks", "4am": the number and its unit are two words.
_NUMBER_UNIT = re.compile(r"\b(\d+)([a-z]+)\b")
_WITHOUT = re.compile(r"\bw/o\b")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")  # "10,000 iu" is one number


def normalise(text: str, keep_numbers: bool = False) -> str:
    """Lower-case, accent-free, punctuation-free words separated by single spaces.

    Mentions and links are dropped, "+" becomes "plus" (K+), letters repeated three or more
    times are squeezed to two ("sooo" -> "soo"), and bare numbers become "#" so that
    "for 6 months" and "for 2 months" read alike (with `keep_numbers`, they stay: the matcher
    reads durations and counts).
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    # each substitution only where its character can be (messages are read clause by clause)
    if "@" in text or "http" in text or "www." in text:
        text = _URL.sub(" ", _MENTION.sub(" ", text))
    if not text.isascii():  # accents off: "café" -> "cafe"
        text = "".join(
            ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
        )
    if "," in text:
        text = _THOUSANDS.sub("", text)
    text = (
        _PLUS.sub(" plus ", _APOSTROPHE.sub("", text)) if "+" in text else _APOSTROPHE.sub("", text)
    )
    if "w/" in text:  # chat shorthand with a slash: "w/o fish", "w/ milk"
        text = _WITHOUT.sub(" without ", text).replace("w/", " with ")
    if "%" in text:  # "2% milk" is a kind of milk, not 2 glasses of it
        text = text.replace("%", " percent ")
    text = _REPEATS.sub(r"\1\1", _NON_WORD.sub(" ", text))
    if any(ch.isdecimal() for ch in text):
        text = _LETTER_NUMBER.sub(r"\1\2\3\4", _NUMBER_UNIT.sub(r"\1 \2", text))
    if keep_numbers:
        return " ".join(text.split())
    return " ".join("#" if _NUMBER.match(word) else word for word in text.split())
