"""Evaluation against a gold standard: ``alignkit score`` and ``alignkit align --gold``.

Two modules:

* :mod:`alignkit.eval.metrics` — the measures, no files: :class:`Counts`,
  :class:`Score`, :func:`score_links` (one document), :func:`score_documents`
  (micro-average), :func:`alignment_links` (the links of an
  :class:`~alignkit.model.Alignment`), :func:`format_score` (the table the CLI
  prints).  Change a measure here.
* :mod:`alignkit.eval.gold` — the files: :func:`read_links` (vecalign bead files
  through :func:`alignkit.export.beads.read_align`, InterText link files),
  :func:`read_intertext_document` (InterText sentence files), pairing gold and
  test folders (:func:`document_key`, :func:`paired_files`), :func:`score_files`
  and :func:`gold_orientation`.  Add a gold format here.

The names below are the public interface; import them from :mod:`alignkit.eval`.
"""

from __future__ import annotations

from .gold import (
    LinkFile,
    alignment_files,
    document_key,
    gold_orientation,
    paired_files,
    read_intertext_document,
    read_intertext_links,
    read_links,
    score_files,
)
from .metrics import Counts, Link, Score, alignment_links, format_score, score_documents, score_links

__all__ = [
    "Counts",
    "Link",
    "LinkFile",
    "Score",
    "alignment_files",
    "alignment_links",
    "document_key",
    "format_score",
    "gold_orientation",
    "paired_files",
    "read_intertext_document",
    "read_intertext_links",
    "read_links",
    "score_documents",
    "score_files",
    "score_links",
]
