"""Train the second opinion on emergencies (curators only; needs `pip install -e '.[train]'`).

    python -m assistant.tools.train_triage [--cv] [--out knowledge/triage_model.json]

Every labelled message in tests/data (EVAL_FILES) is an example: urgency "emergency" against
everything else. The features are those `assistant.kb.triage_model` computes at run time, so
the bot scores a message exactly as the trained model would, without scikit-learn. `--cv`
first prints, for a few thresholds, what the model alone gets right on sets it was not trained
on (10 folds, one set never split across folds): choose the threshold in safety.yaml from it.
Run it again after adding a labelled set; the same data gives the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.kb.triage_model import message_features
from assistant.tools.evaluation import DATA_DIRECTORY, EVAL_FILES, load_labelled

OUT = Path(__file__).resolve().parents[2] / "knowledge" / "triage_model.json"
_C = 4.0  # inverse regularisation, chosen by the cross-validation below
_DIGITS = 5  # significant digits kept in the file (the scores change by far less than 1e-4)


def examples() -> tuple[list[str], list[int], list[str]]:
    """Messages, 1 for an emergency, and the set each comes from."""
    texts, labels, sets = [], [], []
    for name in EVAL_FILES:
        for item in load_labelled(DATA_DIRECTORY / name):
            texts.append(item.question)
            labels.append(1 if item.urgency == "emergency" else 0)
            sets.append(name)
    return texts, labels, sets


def _pipeline() -> tuple[Any, Any]:  # scikit-learn is untyped, and optional
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(analyzer=message_features, min_df=2, sublinear_tf=True)
    model = LogisticRegression(C=_C, max_iter=5000, class_weight="balanced")
    return vectoriser, model


def cross_validate(texts: list[str], labels: list[int], sets: list[str]) -> None:
    from sklearn.model_selection import GroupKFold

    scores = [0.0] * len(texts)
    for train, test in GroupKFold(n_splits=10).split(texts, labels, sets):
        vectoriser, model = _pipeline()
        model.fit(vectoriser.fit_transform([texts[i] for i in train]), [labels[i] for i in train])
        found = model.predict_proba(vectoriser.transform([texts[i] for i in test]))[:, 1]
        for i, p in zip(test, found, strict=True):
            scores[i] = float(p)
    emergencies = [s for s, y in zip(scores, labels, strict=True) if y]
    others = [s for s, y in zip(scores, labels, strict=True) if not y]
    for threshold in (0.5, 0.7, 0.8, 0.85, 0.9):
        caught = sum(s >= threshold for s in emergencies)
        wrong = sum(s >= threshold for s in others)
        print(
            f"threshold {threshold}: {caught}/{len(emergencies)} emergencies, "
            f"{wrong}/{len(others)} other messages called emergencies"
        )


def train(texts: list[str], labels: list[int]) -> dict[str, Any]:
    vectoriser, model = _pipeline()
    model.fit(vectoriser.fit_transform(texts), labels)
    weights = model.coef_[0]
    features = {
        feature: [float(f"{vectoriser.idf_[i]:.{_DIGITS}g}"), float(f"{weights[i]:.{_DIGITS}g}")]
        for feature, i in sorted(vectoriser.vocabulary_.items())
    }
    return {
        "about": "second opinion on emergencies; python -m assistant.tools.train_triage",
        "trained_on": len(texts),
        "intercept": float(f"{model.intercept_[0]:.{_DIGITS}g}"),
        "features": features,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m assistant.tools.train_triage", description=__doc__
    )
    parser.add_argument("--cv", action="store_true", help="cross-validate first (slow)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("error: training needs scikit-learn: pip install -e '.[train]'", file=sys.stderr)
        return 2
    texts, labels, sets = examples()
    if args.cv:
        cross_validate(texts, labels, sets)
    model = train(texts, labels)
    args.out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{args.out}: {len(model['features'])} features from {len(texts)} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
