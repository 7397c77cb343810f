"""No full ID in a log line: every record, from any logger and to any handler, is redacted."""

from __future__ import annotations

import io
import logging
import random

from detectors.redact import install, mask_ids, redact
from testkit import synthetic

rng = random.Random(11)
ID = synthetic.thai_id(rng)
BAD = synthetic.bad_checksum_id(rng)


def test_ids_in_urls_are_x4_masked_and_short_numbers_kept() -> None:
    url = f"http://www.t.go.th/uploads/{ID}.pdf?page=2"
    assert redact(url) == mask_ids(url) == url.replace(ID, ID[:9] + "XXXX")
    assert redact(f"GET /profile.php?cid={synthetic.official(ID)}") == (
        f"GET /profile.php?cid={synthetic.official(ID[:9] + 'XXXX')}"
    )
    assert redact("ref 2567/12 and 40") == "ref 2567/12 and 40"


def test_redact_masks_any_run_that_could_be_an_id_and_mask_ids_only_found_ones() -> None:
    """A log line or reason hides a wrong check digit and any separators too; an address the store
    keys documents by keeps numbers that are no ID (``uploads/2024/05/123.pdf``)."""
    assert redact(f"ref {BAD}") == f"ref {BAD[:9]}XXXX"
    assert redact(f"ref {'+'.join(ID)}") == f"ref {'+'.join(ID[:9] + 'XXXX')}"
    assert mask_ids(f"ref {BAD} and /2024/05/123.pdf") == f"ref {BAD} and /2024/05/123.pdf"


def test_every_record_is_redacted_whatever_logger_and_handler() -> None:
    """Scrapy replaces the root handler when a crawler starts, and a filter on a logger does not
    see its children's records: redaction happens when the record is made (issue 15)."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    logger = logging.getLogger("x4watch.test.redact")
    logger.addHandler(handler)
    logger.propagate = False
    child = logging.getLogger("x4watch.test.redact.child")
    previous = logging.getLogRecordFactory()
    install()
    install()
    try:
        child.warning("Retrying <GET %s>", f"http://www.t.go.th/uploads/{ID}.pdf")
        logger.warning("Gave up retrying <GET %s>", f"http://www.t.go.th/{ID}.pdf")
        try:
            raise ValueError(f"bad response for http://www.t.go.th/?cid={ID}")
        except ValueError:
            logger.exception("download failed")
    finally:
        logger.removeHandler(handler)
        logging.setLogRecordFactory(previous)
    text = out.getvalue()
    assert ID not in text
    assert text.count(ID[:9] + "XXXX") == 3


def test_a_mask_letter_that_starts_a_word_is_not_part_of_a_run() -> None:
    """Scrapy's stats dump: ``x4watch`` is a name, not a masked digit beside a byte count."""
    stats = "'x4watch/bytes': 2449234,\n 'x4watch/parse/ok': 174,"
    assert redact(stats) == stats
