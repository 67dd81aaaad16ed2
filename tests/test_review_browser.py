"""alignkit review end to end: the editor in a real headless Chromium, driven by the keyboard as a reviewer
drives it, and the file it saved converted by ``alignkit convert``.

Needs Debian's ``chromium`` (``.ci/run`` installs it) and Playwright for Python (the dev extra), which
drives that executable: no browser is downloaded.  Skipped when either is absent.  Every wait is for a
condition on the page (the command queue empty, "All changes saved"), never a fixed time.  A screenshot
of the editor is kept in ``out/test-artefacts/`` (or ``$ALIGNKIT_ARTEFACTS``).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api")
pytest.importorskip("starlette")

from click.testing import CliRunner  # noqa: E402
from lxml import etree  # noqa: E402
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright  # noqa: E402

from alignkit.cli import cli  # noqa: E402
from alignkit.export import export_alignment  # noqa: E402
from alignkit.model import Alignment  # noqa: E402
from alignkit.pipeline import align_files  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "texts" / "S-2017-613"
GLOSSARY = ROOT / "glossaries" / "korean-peninsula.csv"
CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTS = Path(os.environ.get("ALIGNKIT_ARTEFACTS", ROOT / "out" / "test-artefacts"))
#: Generous: the machine may be busy; every wait ends as soon as its condition holds.
TIMEOUT_MS = 60_000
CHROMIUM_FLAGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)")



@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium (Debian's), a fresh profile, for the module."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS,
                                              timeout=TIMEOUT_MS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def sample() -> Alignment:
    """S/2017/613 aligned en/zh/ru."""
    return align_files([SAMPLE / "en.txt", SAMPLE / "zh.txt", SAMPLE / "ru.txt"])


@contextmanager
def editor(path: Path, *options: str) -> Iterator[str]:
    """``alignkit review PATH`` running; its address (the first line it prints).  Stopped with Ctrl-C."""
    process = subprocess.Popen([sys.executable, "-m", "alignkit", "review", str(path), "--no-browser", *options],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), process.communicate(timeout=60)[1]
        yield url
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr
    finally:
        process.kill()
        process.wait()


def open_page(browser: Browser, url: str, errors: list[str] | None = None) -> Page:
    """The editor at ``url`` in a new page, loaded; the page's script errors go to ``errors``."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(TIMEOUT_MS)
    if errors is not None:
        page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    expect(page.locator("body")).to_have_class(re.compile(r"\bready\b"), timeout=TIMEOUT_MS)
    return page


def settle(page: Page) -> None:
    """Wait until every command is done and the file is saved."""
    expect(page.locator("body")).not_to_have_class(re.compile(r"busy-queue"), timeout=TIMEOUT_MS)
    expect(page.locator("#save-state")).to_have_class("saved", timeout=TIMEOUT_MS)


def press(page: Page, *keys: str) -> None:
    for key in keys:
        page.keyboard.press(key)


def go_to(page: Page, position: int) -> None:
    """Make unit ``position`` (0-based) the current one, as a reviewer would with the keyboard."""
    press(page, "Home", *["j"] * position)
    expect(page.locator(".row.current")).to_have_attribute("data-pos", str(position), timeout=TIMEOUT_MS)


def row(page: Page, position: int) -> Locator:
    return page.locator(f'#canvas .row[data-pos="{position}"]')


def type_of(page: Page, position: int) -> str:
    return str(page.locator(f'#canvas .row[data-pos="{position}"] .type').inner_text())


def language_column(page: Page, lang: str, langs: tuple[str, ...]) -> None:
    """Focus the language ``lang`` of the current unit."""
    press(page, *["ArrowRight"] * langs.index(lang))
    expect(page.locator(".row.current .c.lang.focus")).to_have_attribute("data-lang", lang)


def converted_tmx(path: Path, tmp_path: Path) -> etree._Element:
    """``alignkit convert PATH -o x.tmx`` (which checks the review) and the TMX it wrote."""
    target = tmp_path / "converted.tmx"
    result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(target)])
    assert result.exit_code == 0, result.output
    return etree.parse(str(target)).getroot()


def tmx_text(root: etree._Element, lang: str) -> str:
    """Every segment of ``lang`` in order, joined without spaces (sentences found once, in order)."""
    name = "{http://www.w3.org/XML/1998/namespace}lang"
    return "".join("".join(seg.itertext()) for tuv in root.iter("tuv") if tuv.get(name) == lang
                   for seg in tuv.iter("seg")).replace(" ", "")


def original_text(alignment: Alignment, lang: str) -> str:
    return "".join(s for unit in alignment.units for s in unit.segments.get(lang, ())).replace(" ", "")


def statuses(root: etree._Element) -> list[str]:
    return [next((p.text or "" for p in tu.iter("prop") if p.get("type") == "x-status"), "auto")
            for tu in root.iter("tu")]


def review_loop(browser: Browser, path: Path, alignment: Alignment, tmp_path: Path, screenshot: str,
                *options: str) -> etree._Element:
    """Merge two units, split one, move a sentence, confirm three, undo one, reload; the converted TMX."""
    langs = alignment.langs
    units = alignment.units
    mover = next(p for p, u in enumerate(units) if len(u.segments.get(langs[-1], ())) >= 2 and p + 1 < len(units))
    count = len(units)
    errors: list[str] = []
    with editor(path, *options) as url:
        page = open_page(browser, url, errors)
        expect(page.locator("#progress")).to_contain_text(f"{count} units")

        press(page, "m")  # merge units 1 and 2
        settle(page)
        expect(page.locator("#progress")).to_contain_text(f"{count - 1} units")
        first = [len(units[0].segments.get(lang, ())) + len(units[1].segments.get(lang, ())) for lang in langs]
        assert type_of(page, 0) == "-".join(map(str, first))

        press(page, "s")  # split it again where the editor proposes: after the first sentence
        expect(page.locator(".row.current .cut")).to_have_count(len(langs))
        press(page, "Enter")
        settle(page)
        expect(page.locator("#progress")).to_contain_text(f"{count} units")

        go_to(page, mover)  # move the last sentence of the last language down to the next unit
        language_column(page, langs[-1], langs)
        before = [type_of(page, mover), type_of(page, mover + 1)]
        press(page, "Alt+ArrowDown")
        settle(page)
        after = [type_of(page, mover), type_of(page, mover + 1)]
        assert after != before and int(after[0].split("-")[-1]) == int(before[0].split("-")[-1]) - 1

        press(page, "Home", "Enter", "Enter", "Enter")  # confirm three, one after another
        settle(page)
        expect(page.locator("#progress")).to_contain_text("3 confirmed")
        expect(page.locator(".row.current")).to_have_attribute("data-pos", "3")
        press(page, "Control+z")  # undo the third
        settle(page)
        expect(page.locator("#progress")).to_contain_text("2 confirmed")

        page.reload()
        expect(page.locator("body")).to_have_class(re.compile(r"\bready\b"))
        expect(page.locator("#progress")).to_contain_text("2 confirmed")
        expect(page.locator("#save-state")).to_have_class("saved")
        assert type_of(page, mover) == after[0]
        expect(row(page, 0)).to_have_class(re.compile(r"status-confirmed"))
        expect(row(page, 2)).not_to_have_class(re.compile(r"status-confirmed"))
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / screenshot))
        assert errors == []
        page.close()
    tmx = converted_tmx(path, tmp_path)
    assert len(list(tmx.iter("tu"))) == count
    assert statuses(tmx)[:3] == ["confirmed", "confirmed", "auto"]
    for lang in langs:
        assert tmx_text(tmx, lang) == original_text(alignment, lang)
    return tmx


# ----------------------------------------------------------------- the loop


def test_review_loop_on_the_repositorys_document(browser: Browser, sample: Alignment, tmp_path: Path) -> None:
    alignment = sample
    path = tmp_path / "S-2017-613.xlsx"
    export_alignment(alignment, path)
    review_loop(browser, path, alignment, tmp_path, "review-S-2017-613.png", "-g", str(GLOSSARY))


def test_review_loop_on_the_udhr(browser: Browser, tmp_path: Path, shared_dir: Path) -> None:
    corpus = shared_dir / "corpora" / "udhr"
    alignment = align_files([corpus / "udhr.en.txt", corpus / "udhr.zh.txt", corpus / "udhr.ru.txt"])
    path = tmp_path / "udhr.xlsx"
    export_alignment(alignment, path)
    review_loop(browser, path, alignment, tmp_path, "review-udhr.png")


# ----------------------------------------------------------------- editing, comments, two tabs


def test_edit_and_comment_from_the_keyboard(browser: Browser, sample: Alignment, tmp_path: Path) -> None:
    alignment = sample
    path = tmp_path / "S-2017-613.jsonl"
    export_alignment(alignment, path)
    position = 13
    original = alignment.units[position].segments["en"][0]
    with editor(path) as url:
        page = open_page(browser, url)
        go_to(page, position)
        press(page, "e")
        area = page.locator(".row.current textarea")
        expect(area).to_be_focused()
        area.fill(original.replace("grave concern", "grave concerns"))
        press(page, "Enter")
        settle(page)
        expect(page.locator(".row.current .s.edited")).to_have_count(1)
        press(page, "e")
        page.locator(".row.current textarea").fill("Nothing like the sentence.")
        press(page, "Enter")
        expect(page.locator("#message")).to_contain_text("not recognisably the original sentence")
        press(page, "c")
        page.locator(".row.current textarea").fill("Check “concerns” with the terminologist")
        press(page, "Enter")
        settle(page)
        expect(page.locator(".row.current .note.comment")).to_contain_text("Check “concerns”")
        with page.expect_download() as download:
            page.get_by_role("button", name="TMX ⤓").click()
        exported = tmp_path / "exported.tmx"
        download.value.save_as(exported)
        assert download.value.suggested_filename == "S-2017-613.tmx"
        assert "grave concerns" in exported.read_text(encoding="utf-8")
        page.close()
    converted = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(converted)])
    assert result.exit_code == 0, result.output
    saved = converted.read_text(encoding="utf-8").splitlines()[position]
    assert "grave concerns" in saved and "Check “concerns”" in saved and '"edited": ["en"]' in saved


def test_a_stale_tab_cannot_overwrite_another_and_offers_a_reload(browser: Browser, sample: Alignment,
                                                                  tmp_path: Path) -> None:
    alignment = sample
    path = tmp_path / "S-2017-613.xlsx"
    export_alignment(alignment, path)
    with editor(path) as url:
        context = browser.new_context(viewport={"width": 1200, "height": 800})
        first, second = context.new_page(), context.new_page()
        for page in (first, second):
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(url)
            expect(page.locator("body")).to_have_class(re.compile(r"\bready\b"))
        first.bring_to_front()
        press(first, "Enter")
        settle(first)
        second.bring_to_front()
        press(second, "m")
        expect(second.locator("#banner")).to_be_visible()
        expect(second.locator("#banner-text")).to_contain_text("another tab")
        expect(second.locator("#progress")).to_contain_text(f"{len(alignment.units)} units")  # the merge was refused
        second.locator("#banner-reload").click()
        expect(second.locator("body")).to_have_class(re.compile(r"\bready\b"))
        expect(second.locator("#banner")).to_be_hidden()
        expect(second.locator("#progress")).to_contain_text("1 confirmed")
        context.close()


def test_the_page_refuses_to_load_without_the_token(browser: Browser, sample: Alignment, tmp_path: Path) -> None:
    path = tmp_path / "S-2017-613.jsonl"
    export_alignment(sample, path)
    with editor(path) as url:
        page = browser.new_page()
        response = page.goto(url.split("?")[0])
        assert response is not None and response.status == 403
        assert "needs its token" in page.content()
        page.close()
