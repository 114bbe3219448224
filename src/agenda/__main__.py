"""`python -m agenda`."""

import sys

from agenda.cli import main

sys.exit(main())
