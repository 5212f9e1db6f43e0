"""A real browser over the built site: Debian's chromium driven by Selenium.

Skipped only when chromium is not installed (``apt-get install chromium
chromium-driver``). Screenshots go to ``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import http.server
import os
import shutil
import tempfile
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from metsi18n.config import load_settings
from metsi18n.languages import language_info
from metsi18n.site import builder as site

from .conftest import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FIXTURE = Path(__file__).resolve().parent / "golden" / "build" / "project"
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="chromium is not installed: apt-get install -y chromium chromium-driver",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="metsi18n-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1000,1400",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    site.build(load_settings(FIXTURE), out)
    ARTIFACTS.mkdir(exist_ok=True)
    return out


def test_pages_direction_language_links_and_feedback(browser: Any, built: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get((built / "en" / "first-aid.html").as_uri())
    assert browser.execute_script("return document.dir") == "ltr"
    assert browser.execute_script("return document.documentElement.lang") == "en"
    browser.save_screenshot(str(ARTIFACTS / "en-first-aid.png"))

    browser.get((built / "ar" / "first-aid.html").as_uri())
    assert browser.execute_script("return document.dir") == "rtl"
    heading = browser.find_element(By.TAG_NAME, "h1")
    article = browser.find_element(By.TAG_NAME, "article")
    # Mirrored: the heading starts at the article's right edge.
    right = heading.rect["x"] + heading.rect["width"]
    assert abs(right - (article.rect["x"] + article.rect["width"])) < 2
    marked = browser.find_element(By.CSS_SELECTOR, "article span[lang='en']")
    assert marked.get_attribute("dir") == "ltr"
    browser.save_screenshot(str(ARTIFACTS / "ar-first-aid.png"))

    # Follow "In other languages" from Arabic to French.
    link = browser.find_element(By.CSS_SELECTOR, "nav.languages a[hreflang='fr']")
    assert link.text == "Français"
    link.click()
    WebDriverWait(browser, 10).until(
        lambda driver: driver.current_url.endswith("/fr/first-aid.html")
    )
    assert browser.execute_script("return document.documentElement.lang") == "fr"
    assert browser.execute_script("return document.dir") == "ltr"

    # The feedback widget works from disk, without a server.
    browser.get((built / "en" / "first-aid.html").as_uri())
    box = browser.find_element(By.CSS_SELECTOR, "aside.feedback")
    WebDriverWait(browser, 10).until(lambda driver: box.is_displayed())
    question = browser.find_element(By.CSS_SELECTOR, ".feedback-more label")
    assert not question.is_displayed()
    browser.find_element(By.CSS_SELECTOR, "button[data-answer='no']").click()
    WebDriverWait(browser, 10).until(expected_conditions.visibility_of(question))
    assert question.text.startswith("How can we help?")
    browser.find_element(By.CSS_SELECTOR, ".feedback-more textarea").send_keys("More pictures")
    browser.execute_script("arguments[0].scrollIntoView()", box)
    browser.save_screenshot(str(ARTIFACTS / "en-feedback-no.png"))
    browser.find_element(By.CSS_SELECTOR, ".feedback-more button[type='submit']").click()
    thanks = browser.find_element(By.CSS_SELECTOR, ".feedback-thanks")
    WebDriverWait(browser, 10).until(expected_conditions.visibility_of(thanks))
    assert thanks.text == "Thanks for the feedback"
    assert not question.is_displayed()


class _Recorder(http.server.BaseHTTPRequestHandler):
    posts: ClassVar[list[dict[str, list[str]]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.posts.append(urllib.parse.parse_qs(self.rfile.read(length).decode()))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_feedback_posts_to_the_configured_url(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    recorder = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=recorder.serve_forever, daemon=True).start()
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    config = project / "metsi18n.toml"
    url = f"http://127.0.0.1:{recorder.server_address[1]}/feedback"
    text = config.read_text(encoding="utf-8").replace(
        'feedback_url = ""', f'feedback_url = "{url}"'
    )
    config.write_text(text, encoding="utf-8")
    site.build(load_settings(project), tmp_path / "site")
    pages = site.server(tmp_path / "site", 0)
    threading.Thread(target=pages.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://127.0.0.1:{pages.server_address[1]}/fr/sleep.html")
        browser.find_element(By.CSS_SELECTOR, "button[data-answer='yes']").click()
        thanks = browser.find_element(By.CSS_SELECTOR, ".feedback-thanks")
        assert thanks.text == "THANKS FOR THE FEEDBACK"
        WebDriverWait(browser, 10).until(lambda driver: _Recorder.posts)
        assert _Recorder.posts == [{"answer": ["yes"], "page": ["fr/sleep.html"], "lang": ["fr"]}]
    finally:
        for server in (recorder, pages):
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's own site: the article in every published language."""
    out = tmp_path_factory.mktemp("real") / "site"
    site.build(load_settings(REPO), out)
    ARTIFACTS.mkdir(exist_ok=True)
    return out


def test_every_published_language_of_this_repository_in_the_browser(
    browser: Any, real_site: Path
) -> None:
    from selenium.webdriver.common.by import By

    settings = load_settings(REPO)
    published = ["en"] + [lang.code for lang in settings.languages if lang.published]
    codes = {code: language_info(code) for code in published}
    for code, info in codes.items():
        browser.get((real_site / info.bcp47 / "liver-metastases.html").as_uri())
        assert browser.execute_script("return document.characterSet") == "UTF-8"
        assert browser.execute_script("return document.documentElement.lang") == info.bcp47
        assert browser.execute_script("return document.dir") == info.direction
        text = browser.find_element(By.TAG_NAME, "article").text
        assert "\ufffd" not in text, f"{code}: replacement characters (mojibake)"
        if code != "en":
            assert not browser.find_elements(By.CSS_SELECTOR, "article span[lang='en']"), (
                f"{code}: a published language falls back to English"
            )
        if code == "ja":
            assert "。 " not in text, "Japanese sentences are joined without spaces"
        listed = [
            element.get_attribute("hreflang")
            for element in browser.find_elements(By.CSS_SELECTOR, "nav.languages a")
        ]
        others = sorted(other.bcp47 for key, other in codes.items() if key != code)
        assert sorted(listed) == others, f"{code}: 'In other languages' lists {listed}"
        browser.save_screenshot(str(ARTIFACTS / f"site-{info.bcp47}.png"))


AXE = REPO / ".ci" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
#: The WCAG A and AA rules of axe-core (2.0, 2.1 and 2.2 success criteria).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(browser: Any) -> list[str]:
    """axe-core's WCAG A/AA violations on the current page, one line each."""
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE.relative_to(REPO)} missing: .ci/run installs it with npm ci")
        pytest.skip("axe-core not installed: npm ci --prefix .ci/axe")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' ('"
        " + v.nodes.map(n => n.target.join(' ')).join(', ') + ')')))"
        ".catch(e => done(['axe failed: ' + e]));",
        WCAG_TAGS,
    )
    return list(result)


def test_axe_finds_what_a_bad_page_breaks(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><head><title>x</title></head><body><img src="x.png">'
        '<p style="color:#aaa;background:#fff">faint</p></body></html>',
        encoding="utf-8",
    )
    browser.get(page.as_uri())
    found = {line.split(":")[0] for line in axe_violations(browser)}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= found


def test_new_pages_have_no_wcag_a_or_aa_violations(
    browser: Any, built: Path, real_site: Path
) -> None:
    pages = {
        "index": real_site / "index.html",
        "cs-index": real_site / "cs" / "index.html",
        "ar-index": real_site / "ar" / "index.html",
        "en-index": real_site / "en" / "index.html",
        "translations": real_site / "translations.html",
        # unpublished cells, catalog links and "no catalog yet", in an RTL column too
        "translations-golden": built / "translations.html",
        "notice-en-fr": built / "fr" / "first-aid.html",  # the notice, English sentence in it
        "notice-ar": built / "ar" / "first-aid.html",
        "home-ar-untranslated": built / "ar" / "index.html",
    }
    found = {}
    for name, path in pages.items():
        browser.get(path.as_uri())
        found[name] = axe_violations(browser)
        browser.save_screenshot(str(ARTIFACTS / f"new-{name}.png"))
    assert found == {name: [] for name in pages}


def test_the_switcher_opens_without_script_and_the_chooser_suggests_without_redirecting(
    browser: Any, real_site: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser.get((real_site / "ar" / "liver-metastases.html").as_uri())
    switcher = browser.find_element(By.CSS_SELECTOR, "header details.switcher")
    czech = switcher.find_element(By.CSS_SELECTOR, "a[hreflang='cs']")
    assert not czech.is_displayed()
    switcher.find_element(By.TAG_NAME, "summary").click()
    assert czech.is_displayed()
    browser.save_screenshot(str(ARTIFACTS / "new-ar-switcher-open.png"))

    languages = "{get: () => ['cs-CZ', 'en']}"  # Czech first; English, which has a page, next
    source = f"Object.defineProperty(Navigator.prototype, 'languages', {languages})"
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})
    try:
        browser.get((real_site / "index.html").as_uri())
        suggestion = browser.find_element(By.CSS_SELECTOR, ".suggestion a")
        assert suggestion.get_attribute("hreflang") == "cs"
        assert suggestion.text.startswith("Čeština")
        assert browser.current_url.endswith("/index.html")  # suggested, not redirected
        assert browser.execute_script("return document.documentElement.lang") == "en"
        browser.save_screenshot(str(ARTIFACTS / "new-chooser-cs.png"))
    finally:
        browser.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
        )


@pytest.mark.parametrize(("code", "direction"), [("cs", "ltr"), ("ar", "rtl")])
def test_the_review_document_renders_for_the_reviewer(
    browser: Any, tmp_path: Path, code: str, direction: str
) -> None:
    from selenium.webdriver.common.by import By

    from metsi18n import pipeline
    from metsi18n.catalogs import render_html

    document = pipeline.review(load_settings(REPO), code)
    page = tmp_path / f"review-{code}.html"
    page.write_text(render_html(document), encoding="utf-8")
    browser.get(page.as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "table.review tbody tr")
    assert len(rows) == sum(len(section.rows) for section in document.sections)
    translation = rows[0].find_elements(By.TAG_NAME, "td")[2]
    style = "return getComputedStyle(arguments[0]).direction"
    assert browser.execute_script(style, translation) == direction
    assert translation.rect["width"] > 100  # the table fits the page: no column squeezed away
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"review-{code}.png"))


@pytest.mark.parametrize(("locale", "direction"), [("en-XA", "ltr"), ("ar-XB", "rtl")])
def test_pseudo_pages_render(browser: Any, tmp_path: Path, locale: str, direction: str) -> None:
    from metsi18n import pipeline

    out = tmp_path / "pseudo"
    pipeline.pseudo(load_settings(FIXTURE), locale, out)
    browser.get((out / locale / "first-aid.html").as_uri())
    assert browser.execute_script("return document.dir") == direction
    assert browser.execute_script("return document.documentElement.lang") == locale
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"pseudo-{locale}.png"))


#: Each one-letter word of the article (a letter of arguments[0], after no letter) whose
#: next word starts a lower line: the text around it.
LINE_ENDS = """
const letters = arguments[0], found = [];
const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const text = node.data;
  for (let i = 0; i + 2 < text.length; i++) {
    if (!letters.includes(text[i]) || !/\\s/.test(text[i + 1]) || /\\s/.test(text[i + 2])) continue;
    if (i > 0 && /[\\p{L}.\\-]/u.test(text[i - 1])) continue;
    const word = document.createRange(), next = document.createRange();
    word.setStart(node, i); word.setEnd(node, i + 1);
    next.setStart(node, i + 2); next.setEnd(node, i + 3);
    const a = word.getBoundingClientRect(), b = next.getBoundingClientRect();
    if (b.top > a.top + a.height / 2) found.push(text.slice(Math.max(0, i - 10), i + 12));
  }
}
return found;
"""


@pytest.mark.parametrize(("code", "letters"), [("cs", "ksvzouaiKSVZOUAI"), ("pl", "aiouwzAIOUWZ")])
def test_no_line_of_a_czech_or_polish_page_ends_with_a_one_letter_word(
    browser: Any, real_site: Path, code: str, letters: str
) -> None:
    """In a phone-wide window, where lines break often: the no-break spaces the build
    sets keep each one-letter word with the next."""
    browser.set_window_size(360, 1400)
    try:
        browser.get((real_site / code / "liver-metastases.html").as_uri())
        ends = browser.execute_script(LINE_ENDS, letters)
        browser.save_screenshot(str(ARTIFACTS / f"site-{code}-narrow.png"))
    finally:
        browser.set_window_size(1000, 1400)
    assert ends == [], f"{code}: lines end with a one-letter word: {ends}"


def test_callout_label_mirroring_anchors_and_localized_image(browser: Any, built: Path) -> None:
    from selenium.webdriver.common.by import By

    style = "return getComputedStyle(arguments[0])[arguments[1]]"
    for lang, label, edge in (
        ("en", "Warning", "borderLeftWidth"),
        ("ar", "WARNING", "borderRightWidth"),
    ):
        browser.get((built / lang / "burn-warnings.html").as_uri())
        callout = browser.find_element(By.CSS_SELECTOR, "aside.callout-warning[role='note']")
        assert callout.find_element(By.CSS_SELECTOR, ".callout-title").text == label
        # The bar is on the side the text starts from: left in English, right in Arabic.
        assert browser.execute_script(style, callout, edge) == "4px"
        # The anchor of the heading is the English one: the link in the text reaches it.
        link = browser.find_element(By.CSS_SELECTOR, "article a[href='#avoid']")
        link.click()
        assert browser.execute_script("return location.hash") == "#avoid"
        assert browser.find_element(By.ID, "avoid").tag_name == "h2"
        # The Arabic page shows the Arabic variant of the image, and it loads.
        image = browser.find_element(By.CSS_SELECTOR, "article img")
        variant = "media/images/ar/cool.svg" if lang == "ar" else "media/images/cool.svg"
        assert image.get_attribute("src").endswith(variant)
        assert browser.execute_script("return arguments[0].naturalWidth", image) == 240
        browser.execute_script("arguments[0].scrollIntoView()", callout)
        browser.save_screenshot(str(ARTIFACTS / f"{lang}-callout.png"))


def test_footnotes_definitions_and_contents_work_in_arabic_and_english(
    browser: Any, built: Path
) -> None:
    from selenium.webdriver.common.by import By

    for lang, contents, backlink in (
        ("en", "Contents", "Back to the text"),
        ("ar", "CONTENTS", "BACK TO THE TEXT"),
    ):
        browser.get((built / lang / "burn-warnings.html").as_uri())
        toc = browser.find_element(By.CSS_SELECTOR, "nav.toc")
        assert toc.find_element(By.TAG_NAME, "h2").text == contents
        # the table of contents reaches the heading by its English anchor
        toc.find_element(By.CSS_SELECTOR, "a[href='#avoid']").click()
        assert browser.execute_script("return location.hash") == "#avoid"
        # a reference goes to its footnote, and the footnote's back-link comes back
        reference = browser.find_element(By.ID, "fnref2")
        assert reference.text == "[2]"
        reference.click()
        assert browser.execute_script("return location.hash") == "#fn2"
        note = browser.find_element(By.ID, "fn2")
        back = note.find_element(By.CSS_SELECTOR, "a.footnote-backref[role='doc-backlink']")
        # the label is read aloud, not shown: present in the page, zero-sized
        hidden = back.find_element(By.CSS_SELECTOR, ".visually-hidden")
        assert hidden.get_attribute("textContent") == backlink
        assert hidden.size["width"] <= 1
        back.click()
        assert browser.execute_script("return location.hash") == "#fnref2"
        section = browser.find_element(By.CSS_SELECTOR, "section.footnotes[role='doc-endnotes']")
        assert (
            section.find_elements(By.CSS_SELECTOR, "li.footnote-item")[0].get_attribute("id")
            == "fn1"
        )
        terms = [term.text for term in browser.find_elements(By.CSS_SELECTOR, "article dt")]
        assert terms == (["Blister", "Scald"] if lang == "en" else ["BLISTER", "SCALD"])
        browser.execute_script("arguments[0].scrollIntoView()", toc)
        browser.save_screenshot(str(ARTIFACTS / f"{lang}-footnotes-top.png"))
        browser.execute_script("arguments[0].scrollIntoView()", section)
        browser.save_screenshot(str(ARTIFACTS / f"{lang}-footnotes.png"))
