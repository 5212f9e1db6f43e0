"""``python -m metsi18n``: the command line."""

from metsi18n.cli import main

main()
