"""Which foods a diet leaves out ("vegan", "jain", "low-oxalate"), by the food's group and the
words of its name: there are no carb or purine figures in the knowledge base, so these go by
what the food is."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

_ANIMAL_GROUPS = frozenset({"Meat", "Poultry", "Fish and seafood", "Fish", "Meat and eggs"})
_NUTS = frozenset({"nut", "nuts", "almond", "cashew", "walnut", "pecan", "pistachio", "hazelnut",
                   "macadamia", "brazil", "peanut"})  # fmt: skip
_GLUTEN = frozenset({"wheat", "bread", "pasta", "barley", "bulgur", "couscous", "rye", "bran",
                     "tortilla", "grain", "total", "cereal", "flakes", "cheerios", "yeast",
                     "marmite", "vegemite"})  # fmt: skip
_SOY = frozenset({"soy", "tofu", "edamame", "tempeh", "soybean", "nigari"})
# Starchy and sugary foods left out of a low-carb (keto, diabetic) list; no carb figures are in
# the knowledge base, so this goes by what the food is.
_STARCHY_GROUPS = frozenset({"Breakfast cereals", "Grains and pasta", "Baked goods",
                             "Sweets and snacks", "Whole grains"})  # fmt: skip
_STARCHY = frozenset({"potato", "potatoes", "banana", "juice", "dried", "raisin", "raisins",
                      "date", "dates", "prune", "prunes", "fig", "figs", "rice", "oat", "oats",
                      "bread", "quinoa", "corn", "pea", "peas", "bean", "beans", "lentil",
                      "lentils", "chickpea", "chickpeas", "coconut", "mango", "grape", "cola",
                      "apricot", "plantain", "cereal", "pasta", "milk", "cassava", "yam", "taro",
                      "teff"})  # fmt: skip
_ROOTS = frozenset({"potato", "potatoes", "carrot", "beet", "onion", "garlic", "radish",
                    "turnip", "ginger", "yam", "cassava", "taro"})  # fmt: skip
_HIGH_PURINE = frozenset({"liver", "clam", "oyster", "mussel", "shrimp", "scallop", "anchovy",
                          "sardine", "herring", "mackerel", "trout", "tuna", "anchovies",
                          "crab"})  # fmt: skip
_HIGH_OXALATE = frozenset({"spinach", "rhubarb", "bran", "beet", "chard", "almond", "cashew",
                           "peanut", "okra", "cocoa", "chocolate"})  # fmt: skip
_PORK = frozenset({"pork", "ham", "bacon", "sausage", "pepperoni", "salami"})
_SHELLFISH = frozenset({"clam", "oyster", "mussel", "shrimp", "crab", "lobster", "scallop"})
# "my kid eats zero veggies": the starchy ones children eat as chips and mash stay in.
_EATEN_AS_STARCH = frozenset({"potato", "sweet-potato", "mashed-potato", "corn"})
# Vitamin A: liver and fish-liver oils are not offered to children or in pregnancy (NHS).
VITAMIN_A_RICH = frozenset({"cod-liver-oil", "beef-liver", "liver", "chicken-liver"})


def whole_nut(group: str, slug: str) -> bool:
    words = set(slug.split("-"))
    return bool(words & _NUTS) and group == "Nuts and seeds" and not words & {"butter", "milk"}


@lru_cache(maxsize=4096)
def excluded(diet: str, group: str, slug: str) -> bool:
    """Whether `diet` leaves a food out (asked for every food of every list: cached)."""
    return _EXCLUDES[diet](group, slug, frozenset(slug.split("-")))


def _animal(group: str, slug: str) -> bool:
    return group in _ANIMAL_GROUPS or slug == "cod-liver-oil"


def _dairy(group: str, slug: str) -> bool:
    return group in {"Dairy", "Dairy and eggs"} and "egg" not in slug


# What each diet leaves out: (USDA or curated group, slug, the slug's words) -> excluded.
_EXCLUDES: dict[str, Callable[[str, str, frozenset[str]], bool]] = {
    "vegan": lambda g, s, w: (
        _animal(g, s) or _dairy(g, s) or g == "Meat and eggs" or s in {"honey", "egg"}
    ),
    "vegetarian": lambda g, s, w: _animal(g, s) and "egg" not in w,  # eggs and dairy are in
    "pescatarian": lambda g, s, w: g in {"Meat", "Poultry", "Meat and eggs"} and "egg" not in s,
    "dairy-free": lambda g, s, w: _dairy(g, s),
    "nut-free": lambda g, s, w: bool(w & _NUTS) or (g == "Nuts and seeds" and "seed" not in s),
    "fish-free": lambda g, s, w: g in {"Fish and seafood", "Fish"} or s == "cod-liver-oil",
    "gluten-free": lambda g, s, w: bool(w & _GLUTEN),
    "soy-free": lambda g, s, w: bool(w & _SOY),
    "low-carb": lambda g, s, w: g in _STARCHY_GROUPS or bool(w & _STARCHY),
    "halal": lambda g, s, w: bool(w & _PORK),
    # gout: organ meats, shellfish and the oily fish highest in purines (Mayo Clinic)
    "low-purine": lambda g, s, w: bool(w & _HIGH_PURINE),
    # kidney stones: spinach, rhubarb, nuts, wheat bran and beets (NIDDK)
    "low-oxalate": lambda g, s, w: bool(w & _HIGH_OXALATE) or g == "Nuts and seeds",
    # vegetarian, no eggs, and nothing grown underground
    "jain": lambda g, s, w: _animal(g, s) or "egg" in w or bool(w & _ROOTS and "greens" not in w),
    "kosher": lambda g, s, w: bool(w & (_PORK | _SHELLFISH)),
    "vegetable-free": lambda g, s, w: (
        g in {"Vegetables", "Leafy greens"} and s not in _EATEN_AS_STARCH
    ),
}
