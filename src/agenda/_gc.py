"""Building a large model without the garbage collector's collections in the middle of it."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collection_paused"]


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """No garbage collection inside: building a model makes objects that all stay (no cycles to
    find), and each collection of the oldest generation would walk every one built so far. The
    collector is on again after, even on an error, unless it was off before."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
