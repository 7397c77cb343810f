"""No full identifier reaches the database file: the bytes on disk hold masked forms only."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import duckdb
from store_fixtures import KEY, document, make_lao

from detectors.registry import scan
from store import Store
from store.privacy import fetchable, storable_url
from testkit import synthetic


def test_database_file_holds_none_of_the_ingested_identifiers(tmp_path: Path) -> None:
    rng = random.Random(2026)
    ids = [synthetic.thai_id(rng) for _ in range(40)]
    phones = [synthetic.mobile(rng) for _ in range(20)]
    rows = [
        f"{n}. นาย ทดสอบ ระบบ เลขประจำตัวประชาชน {i} โทร. {p}"
        for n, (i, p) in enumerate(zip(ids, phones * 2, strict=True))
    ]
    findings = scan("\n".join(rows), KEY, page=1)
    assert len(findings) == 80  # every ID and phone found, so every one went through the store
    db = tmp_path / "x.duckdb"
    store = Store(db)
    store.upsert_laos([make_lao("1001")])
    url = "http://www.t1001.go.th/allowance.pdf"
    store.record_documents(store.start_sweep("sweep", {}), [(document(url, "1001"), findings)])
    store.export_findings(tmp_path / "export.csv")
    uncompressed_copy(db, tmp_path / "plain.duckdb")
    blobs = [path.read_bytes() for path in tmp_path.iterdir() if path.is_file()]
    for raw in ids + phones:
        assert not any(raw.encode() in blob for blob in blobs)
    # the check can see stored strings: the masked forms are there in plain bytes
    plain = (tmp_path / "plain.duckdb").read_bytes()
    assert all(f.masked.encode() in plain for f in findings)


def uncompressed_copy(db: Path, target: Path) -> None:
    """Every table of ``db`` copied into ``target`` without compression, so its bytes are searchable.

    DuckDB compresses strings on disk (dictionary, FSST), so a plain byte search of the store file
    alone could miss an identifier that is there; the uncompressed copy cannot hide one.
    """
    con = duckdb.connect(str(db))
    try:
        con.execute("SET force_compression = 'uncompressed'")
        con.execute(f"ATTACH '{target}' AS plain")
        tables = con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()")
        for (table,) in tables.fetchall():
            con.execute(f"CREATE TABLE plain.{table} AS SELECT * FROM {table}")
        con.execute("CHECKPOINT plain")
        con.execute("DETACH plain")
    finally:
        con.close()


def test_an_address_holding_an_id_is_kept_masked_everywhere(tmp_path: Path) -> None:
    """A file named after a person's ID is itself a leak: its URL reaches the store only masked, in
    documents, findings, cases, errors and exports, and lookups by the real URL still find it."""
    rng = random.Random(2027)
    person, listed = synthetic.thai_id(rng), synthetic.thai_id(rng)
    url = f"http://www.t1001.go.th/uploads/{person}.pdf"
    db = tmp_path / "x.duckdb"
    store = Store(db)
    store.upsert_laos([make_lao("1001")])
    sweep_id = store.start_sweep("sweep", {})
    findings = scan(f"เลขประจำตัวประชาชน {listed}", KEY, page=1)
    record = replace(document(url, "1001"), final_url=f"{url}?download=1", reason=f"read {url}")
    store.record_documents(sweep_id, [(record, findings)])
    store.record_errors(sweep_id, [("1001", url, "timeout", f"Getting {url} took longer than 15 seconds")])
    store.record_recheck(sweep_id, url, 200, record.content_hash, {f.fingerprint for f in findings})
    known = store.known_document(url)
    assert known is not None and known.url == storable_url(url) != url
    assert store.known_sites(["1001"])["1001"].record(url) == known
    assert not fetchable(known.url) and fetchable(url)
    assert list(store.cases()["url"]) == [known.url]
    store.export_findings(tmp_path / "export.csv")
    uncompressed_copy(db, tmp_path / "plain.duckdb")
    blobs = [path.read_bytes() for path in tmp_path.iterdir() if path.is_file()]
    assert not any(raw.encode() in blob for blob in blobs for raw in (person, listed))
    assert storable_url(url).encode() in (tmp_path / "plain.duckdb").read_bytes()
