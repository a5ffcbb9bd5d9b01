"""Twitch-Relief Assistant: `python bot.py --help`."""

import sys

from assistant.cli import main

if __name__ == "__main__":
    sys.exit(main())
