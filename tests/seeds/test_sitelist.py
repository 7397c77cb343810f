"""A province's CSV of websites: cleaned by the seed list's rules, bad rows reported by line."""

from __future__ import annotations

from seeds.sitelist import parse_site_list


def test_good_rows_are_cleaned_and_bad_ones_reported_with_their_line() -> None:
    text = "\ufefflao_code,website,note\n6400190,www.nongbua.go.th,\n6400191,saraban@x.go.th,\n9999999,www.a.go.th,\n"
    rows, problems = parse_site_list(text, {"6400190", "6400191"})
    assert rows == [("6400190", "http://www.nongbua.go.th/")]
    assert [line for line, _ in problems] == [3, 4]
    assert "email" in problems[0][1] and "unknown" in problems[1][1]


def test_a_file_without_the_columns_is_one_problem() -> None:
    assert parse_site_list("code,url\n1,2\n", {"1"}) == ([], [(1, "missing columns: lao_code, website")])
