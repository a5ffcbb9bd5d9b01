"""`python -m assistant`: the same command line as `python bot.py` and `twitch-relief`."""

import sys

from assistant.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m assistant"))
