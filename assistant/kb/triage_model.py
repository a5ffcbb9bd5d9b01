"""The second opinion on emergencies: a linear model learned from the labelled triage messages.

The red-flag rules in safety.yaml name the warning signs they know; every new blind set of
messages has found emergencies told in words the rules had not seen. This model, trained by
`python -m assistant.tools.train_triage` on every labelled message in tests/data, reads the
whole message instead (letter groups of 3 to 5 and word pairs, weighted tf-idf, logistic
regression) and says how likely it is that the message describes an emergency. Triage calls an
emergency when the rules do, or when this probability reaches the threshold in safety.yaml.

The model file holds, for each feature, its idf and its weight; scoring a message needs no
library, only the same features the training used (`message_features`).
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.answering.normalise import normalise

_LETTER_GROUPS = (3, 4, 5)


def message_features(text: str) -> list[str]:
    """Letter groups of 3 to 5 inside each word (with a space at each end), and word pairs."""
    words = normalise(text, keep_numbers=True).split()
    out: list[str] = []
    for word in words:
        out.extend(_letter_groups(word))
    out.extend(f"{a} {b}" for a, b in itertools.pairwise(words))
    return out


@lru_cache(maxsize=50_000)  # the same words come back in message after message
def _letter_groups(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(
        padded[i : i + size] for size in _LETTER_GROUPS for i in range(len(padded) - size + 1)
    )


@dataclass(frozen=True, slots=True)
class TriageModel:
    features: Mapping[str, tuple[float, float]]  # feature -> (idf, weight)
    intercept: float
    threshold: float
    trained_on: int  # labelled messages

    def probability(self, text: str) -> float:
        """How likely the message describes an emergency, 0 to 1."""
        weighted = squares = 0.0  # tf-idf (1 + log count) x idf, l2-normalised, dot the weights
        for feature, count in Counter(message_features(text)).items():
            known = self.features.get(feature)
            if known is not None:
                value = (1 + math.log(count)) * known[0]
                squares += value * value
                weighted += value * known[1]
        score = self.intercept + (weighted / math.sqrt(squares) if squares else 0.0)
        return 1 / (1 + math.exp(-score))

    def is_emergency(self, text: str) -> bool:
        return self.probability(text) >= self.threshold


def read_triage_model(path: Path, threshold: float) -> TriageModel:
    """The model written by the training tool; ValueError (with the reason) when unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        features = {str(f): (float(idf), float(w)) for f, (idf, w) in data["features"].items()}
        return TriageModel(features, float(data["intercept"]), threshold, int(data["trained_on"]))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(f"cannot read the triage model {path.name}: {error}") from None
