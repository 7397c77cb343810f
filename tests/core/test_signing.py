"""core.signing: the signed-value construction the dashboard's cookie and the portal's links share."""

from __future__ import annotations

from core import signing

SECRET = b"synthetic secret for tests"


def test_a_sealed_value_opens_with_its_key_only() -> None:
    portal = signing.derive_key(SECRET, "x4watch portal link")
    session = signing.derive_key(SECRET, "x4watch dashboard session")
    value = signing.seal(portal, b"v1|abc|12345|0")
    assert signing.unseal(portal, value) == b"v1|abc|12345|0"
    assert signing.unseal(session, value) is None


def test_edited_malformed_or_overlong_values_are_refused() -> None:
    key = signing.derive_key(SECRET, "purpose")
    value = signing.seal(key, b"payload")
    encoded, signature = value.split(".")
    assert signing.unseal(key, f"{signing.b64(b'payloae')}.{signature}") is None
    for bad in ("", None, encoded, f"{value}.x", f"{encoded}.!!!", f"{encoded}.{signature[:-2]}"):
        assert signing.unseal(key, bad) is None
    assert signing.unseal(key, value, max_chars=len(value) - 1) is None


def test_b64_round_trips_without_padding() -> None:
    for data in (b"", b"a", b"ab", b"abc", bytes(range(256))):
        text = signing.b64(data)
        assert "=" not in text
        assert signing.unb64(text) == data
