"""The review page as a person sees it, in headless Chromium (Debian's, driven by Playwright; `make test`
installs it): opened from disk with every network request blocked, marks equal to the facts, values shown
on hover and keyboard focus, filters, hostile text kept as text, a screenshot."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from extractor.pipeline import extract_source
from extractor.review.build import documents, write_review

from .conftest import ROOT, SAMPLES

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
HOSTILE = ("Báo cáo nhận được: <script>alert('x')</script> và <img src=x onerror=\"alert(2)\">.\n"
           "Doanh thu đạt 5 tỷ đồng <b onmouseover=alert(3)>đậm</b>, tăng 12%.\n")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    """The page of the samples plus one hostile report, and the documents it was made from."""
    folder = tmp_path_factory.mktemp("reports")
    for f in SAMPLES.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    (folder / "zz-hostile.txt").write_text(HOSTILE, encoding="utf-8")
    out = folder.parent / "review.html"
    assert write_review([str(folder)], str(out)) == 0
    docs, _ = documents([str(folder)])
    return out, docs


@pytest.fixture()
def page(browser, review):
    out, _ = review
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    requests, dialogs = [], []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    started = time.monotonic()
    pg.goto(out.as_uri())
    pg.wait_for_selector("body[data-ready]", timeout=5000)
    pg.load_seconds = time.monotonic() - started
    pg.requests, pg.dialogs = requests, dialogs
    yield pg
    context.close()


def _marks(pg) -> list[list]:
    return pg.eval_on_selector_all(
        "article.doc", "arts => arts.map(a => [a.dataset.doc, [...a.querySelectorAll('mark')]"
                       ".map(m => [m.textContent, m.dataset.kind, m.dataset.value])])")


def test_review_marks_equal_the_facts_in_text_kind_and_order(page, review):
    _, docs = review
    shown = _marks(page)
    assert [d for d, _ in shown] == [d.doc_id for d in docs]
    for (doc_id, marks), doc in zip(shown, docs):
        assert [(t, k) for t, k, _ in marks] == [(f.text, f.kind) for f in doc.facts], doc_id
        assert all(v != "" for _, _, v in marks), doc_id
    assert page.load_seconds < 5
    assert page.requests == [] and page.dialogs == []


def test_review_hover_and_keyboard_focus_show_the_value(page):
    first = page.locator("mark[data-kind=money]").first
    value = first.get_attribute("data-value")
    first.hover()
    tip = page.locator("#tip")
    assert tip.is_visible() and value in tip.inner_text()
    page.mouse.move(0, 0)
    page.keyboard.press("Escape")
    pct = page.locator("mark[data-kind=percent]").first
    pct.focus()
    assert tip.is_visible() and pct.get_attribute("data-value") in tip.inner_text()
    page.keyboard.press("Tab")  # keyboard moves on to the next mark, which shows its own value
    focused = page.evaluate("document.activeElement.tagName + ' ' + document.activeElement.dataset.value")
    assert focused.startswith("MARK ") and focused.split(" ", 1)[1] in tip.inner_text()


def test_review_kind_filter_and_search_hide_what_they_should(page):
    total = page.locator("mark").count()
    n_pct = page.locator("mark[data-kind=percent]").count()
    assert n_pct > 0
    page.uncheck("#kind-percent")
    assert page.locator("mark[data-kind=percent].off").count() == n_pct
    assert page.locator("mark.off").count() == n_pct
    page.check("#kind-percent")
    assert page.locator("mark.off").count() == 0
    page.fill("#search", "USD")
    on = page.locator("mark:not(.off)")
    assert 0 < on.count() < total
    assert all("USD" in (t + " ").upper() or "USD" in u for t, u in
               page.eval_on_selector_all("mark:not(.off)", "ms => ms.map(m => [m.textContent, m._fact.unit])"))
    hidden = page.eval_on_selector_all("article.doc", "as => as.filter(a => a.hidden).length")
    assert hidden >= 1  # reports without a USD figure are hidden while searching
    page.fill("#search", "")
    page.select_option("#status", "target")
    assert set(page.eval_on_selector_all("mark:not(.off)", "ms => ms.map(m => m.dataset.status)")) == {"target"}


def test_review_hostile_report_text_stays_text(page):
    art = page.locator("article.doc[data-doc$='zz-hostile.txt']")
    text = art.locator(".text").inner_text()
    assert "<script>alert('x')</script>" in text and '<img src=x onerror="alert(2)">' in text
    assert art.locator("img, b, script").count() == 0
    art.locator("mark").first.hover()
    assert page.dialogs == [] and page.requests == []


def test_review_screenshot_and_phone_width(page, review, browser):
    out, _ = review
    shot = ROOT / "out" / "review.png"
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(out.as_uri())
    phone.wait_for_selector("body[data-ready]")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # nothing wider than the screen: no sideways scrolling
    phone.close()


def test_review_table_facts_are_shown_in_their_grid(browser, tmp_path):
    from extractor.model import Block, Cell, Source, Table
    from extractor.review import page_of

    rows = [["Chỉ tiêu", "Năm 2023"], ["Thu ngân sách", "125.430"], ["Chi ngân sách", "134.870"]]
    title = "Đơn vị: tỷ đồng\n\n"
    text, cells = title, []
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            text += " | " if c else ""
            cells.append(Cell(r, c, v, len(text), len(text) + len(v), header=r == 0))
            text += v
        text += "\n"
    table = Table(0, 3, 2, tuple(cells), len(title), len(text), origin="html")
    src = Source("t.html", "html", text, (Block("paragraph", 0, len(title) - 2), Block("table", len(title), len(text), 0)),
                 (table,))
    doc = extract_source(src, doc_id="t.html")
    out = tmp_path / "t.html"
    out.write_text(page_of([doc]), encoding="utf-8")
    pg = browser.new_page()
    pg.goto(out.as_uri())
    pg.wait_for_selector("body[data-ready]")
    in_grid = pg.eval_on_selector_all("table.grid mark", "ms => ms.map(m => m.textContent)")
    assert in_grid == [f.text for f in doc.facts if f.table == 0] == ["125.430", "134.870"]
    assert pg.locator("table.grid th").count() == 2
    pg.close()
