"""``python -m service`` is ``x4watch``."""

from __future__ import annotations

import sys

from service.cli import main

sys.exit(main())
