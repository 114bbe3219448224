"""What the subcommands share: reading agenda files with every problem printed, zone options."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from agenda.exceptions import LoadError
    from agenda.formats.files import Document


def fail(error: LoadError) -> NoReturn:
    """Print every problem of a load (``file:line: path: message``) and exit with code 2."""
    for problem in error.problems:
        print(problem, file=sys.stderr)
    count = len(error.problems)
    print(f"agenda: {count} problem{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
    raise SystemExit(2)


def load_document_or_exit(path: str) -> Document:
    """The agenda file at `path`, or exit 2 with its problems on stderr."""
    from agenda.exceptions import LoadError
    from agenda.formats.files import read_document

    try:
        return read_document(path)
    except LoadError as error:
        fail(error)
