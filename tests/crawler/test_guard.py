"""The SSRF guard's rules: which hosts and addresses a crawl may reach (no traffic sent: every name
is answered by an injected lookup)."""

from __future__ import annotations

import pytest

from core.guard import Guard, address_refusal, check_url, literal_address


class lookup_of:
    """A resolver answering from a table (unknown names do not resolve), keeping the names asked."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.calls: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.calls.append(host)
        return self.table.get(host, [])


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
        "100.64.0.1",
        "::127.0.0.1",  # IPv4-compatible
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:10.0.0.1",
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of the metadata address
        "64:ff9b:1::1",  # local-use NAT64
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:c0a8:1::1",  # 6to4 of 192.168.0.1
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "fec0::1",  # site-local
        "ff02::1",
        "224.0.0.1",
        "239.255.255.250",
        "fe80::1",
    ],
)
def test_private_loopback_embedded_and_multicast_addresses_are_refused(address: str) -> None:
    assert address_refusal(address, allow_loopback=False)


@pytest.mark.parametrize(
    "address", ["10.1.2.3", "169.254.169.254", "fe80::1", "127.0.0.2", "::127.0.0.1", "::ffff:127.0.0.1", "0.0.0.0"]
)
def test_test_mode_allows_only_127_0_0_1_and_ipv6_loopback(address: str) -> None:
    assert address_refusal("127.0.0.1", allow_loopback=True) is None
    assert address_refusal("::1", allow_loopback=True) is None
    assert address_refusal(address, allow_loopback=True)


@pytest.mark.parametrize("address", ["203.150.10.20", "2001:4860::8888", "::ffff:203.150.10.20", "64:ff9b::cb96:a14"])
def test_public_addresses_pass_in_any_spelling(address: str) -> None:
    assert address_refusal(address, allow_loopback=False) is None


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("[::1]", "::1"),
        ("fe80::1", "fe80::1"),
        ("169.254.169.254", "169.254.169.254"),
        ("127.0.0.1.", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("[::127.0.0.1]", "::7f00:1"),
    ],
)
def test_literal_addresses_are_recognised_in_every_spelling_a_resolver_reads(host: str, address: str) -> None:
    assert str(literal_address(host)) == address


@pytest.mark.parametrize("host", ["1e100.net", "www.a.go.th", "123.example.com", "localhost."])
def test_names_are_not_literals(host: str) -> None:
    assert literal_address(host) is None


def test_a_host_resolving_to_any_private_address_is_refused() -> None:
    lookup = lookup_of({"www.evil.go.th": ["203.150.10.20", "10.0.0.5"], "www.good.go.th": ["203.150.10.20"]})
    guard = Guard(allow_loopback=False, lookup=lookup)
    evil = guard.check("www.evil.go.th")
    assert evil.refusal is not None and "10.0.0.5" in evil.refusal and evil.kind == "ssrf"
    good = guard.check("www.good.go.th")
    assert good.allowed and good.addresses == ("203.150.10.20",)


@pytest.mark.parametrize("name", ["169.254.169.254.nip.io", "no-such-lao.go.th"])
def test_a_name_that_does_not_resolve_is_refused_not_passed(name: str) -> None:
    verdict = Guard(allow_loopback=False, lookup=lookup_of({})).check(name)
    assert not verdict.allowed and verdict.kind == "dns"


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost./",
        "http://127.0.0.1./x",
        "http://[::127.0.0.1]/",
        "http://[64:ff9b::7f00:1]/",
        "http://[2002:7f00:1::]/",
        "http://[fec0::1]/",
        "http://[ff02::1]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "file:///etc/passwd",
        "ftp://203.150.10.20/",
        "gopher://203.150.10.20/",
    ],
)
def test_check_url_refuses_hostile_targets(url: str) -> None:
    lookup = lookup_of({"localhost": ["127.0.0.1", "::1"]})
    assert check_url(url, lookup=lookup)


def test_check_url_passes_a_public_site() -> None:
    assert check_url("https://www.good.go.th/a.pdf", lookup=lookup_of({"www.good.go.th": ["203.150.10.20"]})) is None


def test_a_verdict_is_kept_so_a_second_answer_of_the_name_is_never_asked() -> None:
    """DNS rebinding: what the guard approved is what later checks (and connections) get."""
    answers = iter([["203.150.10.20"], ["127.0.0.2"]])
    guard = Guard(allow_loopback=False, lookup=lambda host: next(answers))
    assert guard.check("rebind.example").addresses == ("203.150.10.20",)
    assert guard.check("rebind.example").addresses == ("203.150.10.20",)
    assert guard.check_url("http://rebind.example:8080/x").addresses == ("203.150.10.20",)


def test_behind_the_test_proxy_names_pass_unresolved_but_literals_are_checked() -> None:
    lookup = lookup_of({})
    guard = Guard(allow_loopback=True, resolve_names=False, lookup=lookup)
    assert guard.check("www.simulated.go.th").allowed
    assert not guard.check("127.0.0.2").allowed
    assert lookup.calls == []
