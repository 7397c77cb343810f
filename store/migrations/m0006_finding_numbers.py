"""Version 5: ``findings.numbers``, how many identifiers a finding stands for.

A document with implausibly many numbers that no label or name explains (a spreadsheet of random
13-digit cells gave 86,006 ``thai_id`` findings) is kept as ONE finding of kind ``bulk``, one case for
an analyst, instead of thousands (``detectors.bulk``). Its ``numbers`` says how many it folds; every
other finding stands for one. Rows stored before it stand for one each.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = ("ALTER TABLE findings ADD COLUMN numbers INTEGER DEFAULT 1",)
