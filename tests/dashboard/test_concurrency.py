"""The dashboard keeps working, and shows no lock error, while another process writes a sweep."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from dashdata import HOSTILE_URL
from test_pages import case_of, page

from store import Store

WRITER = textwrap.dedent(
    """
    import random, sys, time
    sys.path.insert(0, sys.argv[2])
    from dashdata import document, finding
    from store import Store
    store = Store(sys.argv[1], lock_retry_seconds=30)
    rng = random.Random(1)
    sweep = store.start_sweep("sweep", {})
    print("writing", flush=True)
    until = time.monotonic() + float(sys.argv[3])
    number = 0
    while time.monotonic() < until:
        items = [
            (document(f"http://www.maerim.go.th/w{number}-{k}.pdf", "5500101"), [finding(rng, "thai_id", 1)])
            for k in range(200)
        ]
        store.record_documents(sweep, items)
        number += 1
    store.finish_sweep(sweep, "finished", {})
    print("done", number, flush=True)
    """
)


def test_pages_and_case_actions_work_while_a_sweep_writes(filled_store: Store) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(filled_store.path), str(Path(__file__).parent), "15"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
    case_id = case_of(filled_store, HOSTILE_URL)
    for name in ("app.py", "pages/drilldown.py", "pages/cases.py", "pages/sweeps.py"):
        at = page(name, province="50").run()
        assert not at.exception and not at.warning, name
    at = page("pages/evidence.py")
    at.query_params["case"] = str(case_id)
    at.run()
    at.radio(key="evidence-action-action").set_value("confirmed")
    at.button[0].click().run()
    assert not at.exception and not at.error and not at.warning
    still_writing = writer.poll() is None
    writer_out, _ = writer.communicate(timeout=60)
    assert writer.returncode == 0 and writer_out.startswith("done")
    assert int(writer_out.split()[1]) > 0  # the sweep really wrote batches meanwhile
    assert filled_store.case(case_id).state == "confirmed"
    assert still_writing  # the analyst's pages came back while the sweep was still writing
