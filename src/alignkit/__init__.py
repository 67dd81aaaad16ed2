"""alignkit: align the language versions of UN documents, check terms, export TMX/XLSX/CSV.

The library API, in pipeline order::

    from alignkit import align_files, export_alignment, load_glossary, check_terms

    alignment = align_files(["en.txt", "zh.txt", "ru.txt"])
    export_alignment(alignment, "out/S-2017-613.tmx")
    report = check_terms(alignment, load_glossary("glossaries/korean-peninsula.csv"))

Names are imported on first use, so ``import alignkit`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name → the module that defines it.
_API = {
    "load_document": "alignkit.pipeline",
    "align_files": "alignkit.pipeline",
    "write_outputs": "alignkit.pipeline",
    "align_documents": "alignkit.align",
    "align_pair": "alignkit.align",
    "segment_document": "alignkit.segment",
    "get_segmenter": "alignkit.segment",
    "read_document": "alignkit.readers",
    "export_alignment": "alignkit.export",
    "load_glossary": "alignkit.terms",
    "check_terms": "alignkit.terms",
    "AlignConfig": "alignkit.config",
    "Document": "alignkit.model",
    "Paragraph": "alignkit.model",
    "Segment": "alignkit.model",
    "Bead": "alignkit.model",
    "AlignmentUnit": "alignkit.model",
    "Alignment": "alignkit.model",
    "AlignkitError": "alignkit.errors",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'alignkit' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
