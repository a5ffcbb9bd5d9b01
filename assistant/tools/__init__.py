"""Tools for operators and curators (evaluation of the matcher, data builders).

May import the core (`assistant.kb`, `assistant.answering`); nothing in the core imports this.
"""
