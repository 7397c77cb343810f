"""HTML of the simulated CMS pages, in the three styles Thai LAO sites commonly show.

``joomla`` (div layout, ``index.php?option=com_content``), ``php`` (table layout of the vendor
templates, ``news.php``/``download.php?id=``) and ``wp`` (WordPress-like, Thai file names in
``wp-content/uploads``). Sites that need JavaScript carry their listings as a JSON blob or a
``fetch`` of an API and build the links in the browser: their raw HTML has no link to any document.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from html import escape

from simweb import lists, spam
from simweb.content import Content, thai_date
from simweb.model import DocPlan
from simweb.plan import SECTION_IDS, SECTION_NAMES, SitePlan

MENU_HOME = "หน้าหลัก"


def _head(plan: SitePlan, title: str) -> str:
    charset = plan.spec.encoding
    return (
        f'<!DOCTYPE html>\n<html lang="th"><head><meta charset="{charset}">'
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>{escape(title)} - {escape(plan.lao.display_name)}</title>{_api_link(plan)}</head>\n"
    )


def _api_link(plan: SitePlan) -> str:
    """WordPress announces its REST API in every page's head."""
    return f'<link rel="https://api.w.org/" href="{plan.url("/wp-json/")}">' if plan.spec.style == "wp" else ""


def _menu(plan: SitePlan) -> str:
    items = [(plan.home_path, MENU_HOME)] + [(plan.listing_path(s), SECTION_NAMES[s]) for s in SECTION_IDS]
    if "calendar" in plan.spec.faults:
        items.append(("/calendar.php?y=2567&m=6", "ปฏิทินกิจกรรม"))
    if "session_ids" in plan.spec.faults:
        items.append((f"/webboard/index.php?sid={_sid(plan.spec.host)}", "เว็บบอร์ด"))
    if "redirect_loop" in plan.spec.faults:
        items.append(("/eoffice/", "ระบบสารบรรณอิเล็กทรอนิกส์"))
    links = "".join(f'<li><a href="{_href(plan, href)}">{escape(text)}</a></li>' for href, text in items)
    return f'<ul class="menu">{links}</ul>'


def _footer(plan: SitePlan, neighbour: str) -> str:
    lao = plan.lao
    roman = plan.spec.host.removeprefix("www.").split(".")[0]
    return (
        '<div class="footer">'
        f"<p>{escape(lao.display_name)} อำเภอ{escape(lao.district)} จังหวัด{escape(lao.province)}</p>"
        f"<p>อีเมล: saraban@{escape(plan.spec.host.removeprefix('www.'))}</p>"
        f'<a href="https://www.facebook.com/{escape(roman)}">Facebook</a> '
        '<a href="http://www.dla.go.th/">กรมส่งเสริมการปกครองท้องถิ่น</a> '
        '<a href="https://itas.nacc.go.th/">ITA</a> '
        + (f'<a href="http://{escape(neighbour)}/">อปท. ใกล้เคียง</a>' if neighbour else "")
        + "</div>"
    )


def _wrap(plan: SitePlan, title: str, body: str, neighbour: str) -> str:
    """The style's page frame around ``body``."""
    style = plan.spec.style
    name = escape(plan.lao.display_name)
    if style == "joomla":
        frame = (
            f'<body class="site"><div id="sp-header"><h1>{name}</h1></div>'
            f'<div id="sp-menu">{_menu(plan)}</div>'
            f'<div id="sp-component"><h2 class="page-header">{escape(title)}</h2>{body}</div>'
        )
    elif style == "php":
        frame = (
            f'<body bgcolor="#FFFFFF"><table width="980" align="center"><tr><td colspan="2">'
            f'<font size="5">{name}</font></td></tr><tr><td width="200" valign="top">{_menu(plan)}</td>'
            f'<td valign="top"><font size="4"><b>{escape(title)}</b></font>{body}</td></tr></table>'
        )
    else:
        frame = (
            f'<body class="wp-site"><header class="site-header"><p class="site-title">{name}</p>'
            f'<nav class="main-navigation">{_menu(plan)}</nav></header>'
            f'<main class="site-main"><h1 class="entry-title">{escape(title)}</h1>{body}</main>'
        )
    return _head(plan, title) + frame + _footer(plan, neighbour) + "</body></html>\n"


def _href(plan: SitePlan, path: str) -> str:
    """A link as the CMS writes it: WordPress writes absolute URLs, the others root-relative paths."""
    return escape(plan.url(path) if plan.spec.style == "wp" and path.startswith("/") else path)


def _item_href(plan: SitePlan, doc: DocPlan) -> str:
    return plan.file_path(doc) if doc.section == "download" else plan.detail_path(doc)


def _item_list(plan: SitePlan, docs: Sequence[DocPlan]) -> str:
    rows = "".join(
        f'<li><a href="{_href(plan, _item_href(plan, d))}">{escape(d.title)}</a> '
        f'<span class="date">{thai_date(d.date_index)}</span></li>'
        for d in docs
    )
    return f'<ul class="list-items">{rows}</ul>'


def home(plan: SitePlan, neighbour: str) -> str:
    if plan.spec.needs_js:
        block = _js_listing(plan, "news", plan.section_docs("news")[:5], inline=True)
    else:
        shown = (d for d in plan.live_docs if d.section != "download" and d.listed)
        latest = sorted(shown, key=lambda d: (d.date_index, d.doc_id))
        block = _item_list(plan, latest[:5])
    body = (
        f"<p>ยินดีต้อนรับสู่เว็บไซต์{escape(plan.lao.display_name)}</p>"
        f'<div class="latest"><h3>ข่าวล่าสุด</h3>{block}</div>'
        '<p class="counter">ผู้เข้าชมเว็บไซต์ 24,581 ครั้ง</p>'
    )
    if "spam" in plan.spec.faults:
        body += spam.hidden_block(plan.spec.host)
    return _wrap(plan, MENU_HOME, body, neighbour)


def listing(plan: SitePlan, section: str, page: int, neighbour: str) -> str:
    title = SECTION_NAMES[section]
    if plan.spec.needs_js:
        inline = SECTION_IDS[section] % 2 == 0
        return _wrap(plan, title, _js_listing(plan, section, plan.section_docs(section), inline=inline), neighbour)
    docs = plan.page_docs(section, page)
    pages = "".join(
        f'<a href="{_href(plan, plan.listing_path(section, n))}">{n}</a> '
        for n in range(1, plan.page_count(section) + 1)
    )
    body = _item_list(plan, docs) + f'<div class="pagination">หน้า {pages}</div>'
    return _wrap(plan, title, body, neighbour)


def api_items(plan: SitePlan, section: str) -> str:
    """The JSON a JS listing fetches: ids, titles and dates, never a URL."""
    return json.dumps([_item_json(d) for d in plan.section_docs(section)], ensure_ascii=False)


def _item_json(doc: DocPlan) -> dict[str, object]:
    return {"id": doc.doc_id, "t": doc.title, "d": thai_date(doc.date_index)}


def _js_listing(plan: SitePlan, section: str, docs: Sequence[DocPlan], *, inline: bool) -> str:
    """A listing the browser builds from inline JSON or a fetch: links exist only after the script runs."""
    base = _js_link_base(plan, section)
    render = (
        "function render(items){var ul=document.getElementById('items');"
        "items.forEach(function(it){var li=document.createElement('li');var a=document.createElement('a');"
        f"a.href={base};a.textContent=it.t;li.appendChild(a);ul.appendChild(li);}});}}"
    )
    if inline:
        data = json.dumps([_item_json(d) for d in docs], ensure_ascii=False).replace("</", "<\\/")
        call = f"render({data});"
    else:
        api = f"/api/items.php?cat={SECTION_IDS[section]}"
        call = f"fetch('{api}').then(function(r){{return r.json();}}).then(render);"
    listener = f'document.addEventListener("DOMContentLoaded",function(){{{call}}});'
    return f'<ul id="items"></ul><script>{render}{listener}</script>'


def _js_link_base(plan: SitePlan, section: str) -> str:
    """JS expression of an item's href from ``it.id``; split so no document path appears whole."""
    style = plan.spec.style
    if section == "download":
        return "'/down' + 'load.php?id=' + it.id" if style == "php" else "'/dl' + '.php?id=' + it.id"
    if style == "joomla":
        return f"'/index.php?option=com_content&view=' + 'article&id=' + it.id + '&catid={SECTION_IDS[section]}'"
    if style == "php":
        return "'/news_' + 'detail.php?id=' + it.id"
    return "'/arch' + 'ives/' + it.id"


def detail(plan: SitePlan, doc: DocPlan, content: Content | None, neighbour: str) -> str:
    date = thai_date(doc.date_index)
    parts = [f'<p class="date">วันที่ {date}</p>']
    if content is not None:
        parts.append("".join(f"<p>{_html(line)}</p>" for line in content.lines))
        if content.header:
            parts.append(_table(content))
        parts.append("".join(f"<p>{escape(line)}</p>" for line in content.footer))
    else:
        parts.append(f"<p>{escape(plan.lao.display_name)} ขอประกาศ{escape(doc.title)} รายละเอียดตามเอกสารแนบ</p>")
        href, name = plan.file_path(doc), plan.file_name(doc)
        parts.append(f'<div class="attachments">เอกสารแนบ: <a href="{_href(plan, href)}">{escape(name)}</a></div>')
    return _wrap(plan, doc.title, "".join(parts), neighbour)


def _table(content: Content) -> str:
    head = "".join(f"<th>{escape(cell)}</th>" for cell in content.header)
    rows = "".join("<tr>" + "".join(f"<td>{_html(c)}</td>" for c in row) + "</tr>" for row in content.rows)
    return f'<table border="1" class="data"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _html(text: str) -> str:
    """Escaped text whose line breaks stay line breaks (an ID wrapped inside a table cell)."""
    return escape(text).replace("\n", "<br>")


def robots(plan: SitePlan) -> str:
    lines = ["User-agent: *", "Disallow: /administrator/", "Disallow: /admin/"]
    if "robots" in plan.spec.faults:
        lines.append("Disallow: /intranet/")
    lines += lists.robots_sitemaps(plan)
    return "\n".join(lines) + "\n"


def _sid(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def calendar(plan: SitePlan, year: int, month: int, neighbour: str) -> str:
    """An event calendar with no end: every month links to the next and the previous one."""
    prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
    next_y, next_m = (year, month + 1) if month < 12 else (year + 1, 1)
    days = "".join(f'<a href="/calendar.php?y={year}&amp;m={month}&amp;d={d}">{d}</a> ' for d in range(1, 29))
    body = (
        f'<a href="/calendar.php?y={prev_y}&amp;m={prev_m}">&laquo; เดือนก่อน</a> '
        f'<a href="/calendar.php?y={next_y}&amp;m={next_m}">เดือนถัดไป &raquo;</a><div>{days}</div>'
    )
    return _wrap(plan, f"ปฏิทินกิจกรรม {month}/{year}", body, neighbour)


def webboard(plan: SitePlan, path_and_query: str, neighbour: str) -> str:
    """A webboard whose every link carries a new session id: an endless URL space."""
    sid = _sid(path_and_query)
    topics = "".join(f'<li><a href="/webboard/topic.php?id={n}&amp;sid={sid}">กระทู้ที่ {n}</a></li>' for n in range(1, 6))
    return _wrap(plan, "เว็บบอร์ด", f'<ul>{topics}</ul><a href="/webboard/index.php?sid={sid}">กลับ</a>', neighbour)
