"""`python -m agenda`."""

import sys

from agenda.cli import console

sys.exit(console())
