"""The SSRF guard refuses private, loopback, link-local and metadata addresses (no traffic sent)."""

from __future__ import annotations

import pytest

from crawler.middlewares import address_refusal, host_refusal, literal_address


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "192.168.0.10",
        "172.16.5.4",
        "169.254.169.254",
        "127.0.0.1",
        "127.8.9.10",
        "::1",
        "fd00::1",
        "0.0.0.0",
    ],
)
def test_private_loopback_link_local_and_metadata_addresses_are_refused(address: str) -> None:
    assert address_refusal(address, allow_loopback=False)


@pytest.mark.parametrize("address", ["10.1.2.3", "192.168.0.10", "169.254.169.254", "fe80::1"])
def test_test_mode_allows_loopback_and_nothing_else(address: str) -> None:
    assert address_refusal("127.0.0.1", allow_loopback=True) is None
    assert address_refusal(address, allow_loopback=True)


def test_public_addresses_pass() -> None:
    assert address_refusal("203.150.10.20", allow_loopback=False) is None
    assert address_refusal("2001:4860::8888", allow_loopback=False) is None


def test_a_host_resolving_to_any_private_address_is_refused() -> None:
    reason = host_refusal("www.evil.go.th", ["203.150.10.20", "10.0.0.5"], allow_loopback=False)
    assert reason is not None and "10.0.0.5" in reason
    assert host_refusal("www.good.go.th", ["203.150.10.20"], allow_loopback=False) is None


def test_metadata_host_names_are_refused_by_name() -> None:
    assert host_refusal("metadata.google.internal", [], allow_loopback=True)


def test_literal_addresses_are_recognised_including_ipv6_brackets() -> None:
    assert literal_address("[::1]") == "::1"
    assert literal_address("fe80::1") == "fe80::1"
    assert literal_address("1e100.net") is None
    assert literal_address("169.254.169.254") == "169.254.169.254"
    assert literal_address("www.a.go.th") is None
