"""The `sijill` command: Django management with every operation of the product as a subcommand.

`sijill demo`, `sijill audit verify`, `sijill gazetteer load`, `sijill migrate`, `sijill runserver`...
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sijill.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "sijill"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
