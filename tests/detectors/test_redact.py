"""No full ID in a log line: URLs and tracebacks pass through the redacting filter."""

from __future__ import annotations

import io
import logging
import random

from detectors.redact import RedactingFilter, install, redact
from testkit import synthetic

rng = random.Random(11)
ID = synthetic.thai_id(rng)
BAD = synthetic.bad_checksum_id(rng)


def test_ids_in_urls_are_x4_masked_and_other_numbers_kept() -> None:
    url = f"http://www.t.go.th/uploads/{ID}.pdf?page=2"
    assert redact(url) == url.replace(ID, ID[:9] + "XXXX")
    assert redact(f"GET /profile.php?cid={synthetic.official(ID)}") == (
        f"GET /profile.php?cid={synthetic.official(ID[:9] + 'XXXX')}"
    )
    assert redact(f"ref {BAD} and 2567") == f"ref {BAD} and 2567"


def test_the_filter_masks_messages_arguments_and_tracebacks() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    logger = logging.getLogger("x4watch.test.redact")
    logger.addHandler(handler)
    logger.propagate = False
    install(logger)
    install(logger)
    assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
    try:
        logger.warning("Gave up retrying <GET %s>", f"http://www.t.go.th/{ID}.pdf")
        try:
            raise ValueError(f"bad response for http://www.t.go.th/?cid={ID}")
        except ValueError:
            logger.exception("download failed")
    finally:
        logger.removeHandler(handler)
    text = out.getvalue()
    assert ID not in text
    assert text.count(ID[:9] + "XXXX") == 2
