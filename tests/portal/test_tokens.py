"""Portal links: signed, stored by id and hash only, scoped to one LAO, expiring, revocable."""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path

import duckdb
from portaldata import LAO_A, LAO_B, Clock, notified_store, portal_config

from portal import tokens
from store.portal import PortalData


def test_a_link_grants_its_lao_and_the_store_keeps_only_its_id_and_hash(tmp_path: Path) -> None:
    cfg = portal_config(tmp_path)
    store, _ = notified_store(tmp_path / "x.duckdb")
    token = tokens.issue(cfg, store, LAO_A)
    grant = tokens.check(cfg, store, token)
    assert isinstance(grant, tokens.Grant) and grant.lao_code == LAO_A
    con = duckdb.connect(str(store.path))
    try:
        rows = con.execute("SELECT * FROM portal_tokens").fetchall()
    finally:
        con.close()
    assert len(rows) == 1 and all(token not in str(value) for value in rows[0])
    assert tokens.token_hash(token) in rows[0]


def test_an_edited_or_foreign_token_is_refused(tmp_path: Path) -> None:
    cfg = portal_config(tmp_path)
    store, _ = notified_store(tmp_path / "x.duckdb")
    token = tokens.issue(cfg, store, LAO_A)
    payload, signature = token.split(".")
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    edited = base64.urlsafe_b64encode(raw.replace(LAO_A, LAO_B).encode()).decode().rstrip("=")
    assert tokens.check(cfg, store, f"{edited}.{signature}") == tokens.REFUSED_BAD
    other = portal_config(tmp_path / "other")
    other.store.secret = "another-secret"
    assert tokens.check(other, store, token) == tokens.REFUSED_BAD  # signed under another key
    forged = tokens.sign(cfg, tokens.Claims("unknown-id", LAO_B, tokens.parse(cfg, token).expires))  # type: ignore[union-attr]
    assert tokens.check(cfg, store, forged) == tokens.REFUSED_BAD  # well signed, never issued
    for junk in ("", "abc", "a.b.c", "x" * 1000, token + "x"):
        assert tokens.check(cfg, store, junk) == tokens.REFUSED_BAD


def test_an_expired_link_is_refused(tmp_path: Path) -> None:
    clock = Clock()
    cfg = portal_config(tmp_path, link_days=2.0)
    store, _ = notified_store(tmp_path / "x.duckdb", clock)
    token = tokens.issue(cfg, store, LAO_A)
    clock.now += timedelta(days=1, hours=23)
    assert isinstance(tokens.check(cfg, store, token), tokens.Grant)
    clock.now += timedelta(hours=2)
    assert tokens.check(cfg, store, token) == tokens.REFUSED_EXPIRED


def test_revoking_an_lao_or_one_link_refuses_them_at_once(tmp_path: Path) -> None:
    cfg = portal_config(tmp_path)
    store, _ = notified_store(tmp_path / "x.duckdb")
    first, second, other = (tokens.issue(cfg, store, code) for code in (LAO_A, LAO_A, LAO_B))
    data = PortalData(store)
    one = tokens.parse(cfg, first)
    assert one is not None and data.revoke(who="ann", token_id=one.id) == 1
    assert tokens.check(cfg, store, first) == tokens.REFUSED_REVOKED
    assert isinstance(tokens.check(cfg, store, second), tokens.Grant)
    assert data.revoke(who="ann", lao_code=LAO_A) == 1
    assert tokens.check(cfg, store, second) == tokens.REFUSED_REVOKED
    assert isinstance(tokens.check(cfg, store, other), tokens.Grant)
    listed = data.tokens(LAO_A)
    assert list(listed["revoked"]) == [True, True] and set(listed["revoked_by"]) == {"ann"}


def test_the_link_of_an_alert_mail_is_issued_once_and_rebuilt_identical(tmp_path: Path) -> None:
    cfg = portal_config(tmp_path)
    store, _ = notified_store(tmp_path / "x.duckdb")
    token = tokens.issue(cfg, store, LAO_A, outbox_key="k1")
    assert tokens.issue(cfg, store, LAO_A, outbox_key="k1") == token
    assert tokens.link_for_outbox(cfg, store, "k1") == tokens.link(cfg, token)
    assert tokens.link_for_outbox(cfg, store, "k2") is None
    assert len(PortalData(store).tokens()) == 1
