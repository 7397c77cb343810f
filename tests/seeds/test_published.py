"""The contacts an LAO publishes: footer of the home page, the whole contact page; landlines only."""

from __future__ import annotations

from seeds.published import contact_page, published_contacts

HOME = """<html><body><div id="content">ติดต่อสอบถาม นาย ก 081-234-5678 ผู้ใหญ่บ้าน other@elsewhere.com</div>
<div class="footer"><p>อบต.หนองบัว โทร. 0-4321-1234 โทรสาร 043-211-235</p>
<p>อีเมล: Saraban@NongBua.go.th.</p><a href="mailto:admin@nongbua.go.th">เขียนถึงเรา</a>
<p>it@nongbua.go.th<a href="https://www.facebook.com/nongbua">Facebook</a></p>
<img src="logo@2x.png"></div></body></html>"""


def test_the_home_page_footer_gives_its_addresses_and_landlines() -> None:
    found = published_contacts(HOME, whole_page=False)
    assert ("email", "saraban@nongbua.go.th") in found
    assert ("email", "admin@nongbua.go.th") in found
    assert ("email", "it@nongbua.go.th") in found  # not run into the next tag's text
    assert ("phone", "043211234") in found and ("phone", "043211235") in found
    assert ("email", "other@elsewhere.com") not in found  # outside the footer


def test_a_mobile_number_is_never_collected() -> None:
    found = published_contacts(HOME, whole_page=True)
    assert ("email", "other@elsewhere.com") in found  # the whole contact page is read
    assert all(value != "0812345678" for _, value in found)


def test_contact_pages_are_told_by_address_or_title() -> None:
    assert contact_page("http://www.nongbua.go.th/index.php?op=contact")
    assert contact_page("http://www.nongbua.go.th/%E0%B8%95%E0%B8%B4%E0%B8%94%E0%B8%95%E0%B9%88%E0%B8%AD")
    assert contact_page("http://www.nongbua.go.th/page.php?id=7", "ติดต่อเรา")
    assert not contact_page("http://www.nongbua.go.th/news.php")


def test_broken_html_gives_nothing() -> None:
    assert published_contacts("", whole_page=True) == []
