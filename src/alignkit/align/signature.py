"""The signature of an alignment: every setting that changes its result, in one short string.

Written into every output (TMX header, XLSX Meta sheet, batch records), as
sacrebleu signs its scores, so a translation memory says how it was made:
``alignkit:0.1.0|seg:moses(sacremoses-0.2.0)+zh-punct(semicolon:40)|pivot:en|scorer:length|...``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import __version__
from ..config import AlignConfig
from .factory import resolved_scorer
from .lexicon import chinese_segmenter_name

if TYPE_CHECKING:
    from ..terms.concepts import Glossary


def signature(config: AlignConfig, glossary: Glossary | None = None) -> str:
    """Every setting of ``config`` (and the glossary whose concepts anchor units) that
    changes the alignment."""
    if config.presegmented:
        seg = "lines"
    else:
        from ..segment import segmentation_signature  # loads the segmenters: only when they split the text

        seg = segmentation_signature()
    scorer = resolved_scorer(config)
    text = (
        f"alignkit:{__version__}|seg:{seg}|pivot:{config.pivot}|scorer:{scorer}"
        f"|dp:gale-church|band:{config.band}|flag:{config.flag_below:g}"
    )
    if config.lexical:
        text += "|lex:anchors"
        if config.induce_lexicon:
            text += f"+lexicon(zh:{chinese_segmenter_name()})"
    if glossary is not None:
        text += f"|glossary:{glossary.fingerprint()}"
    if scorer == "semantic":
        from .encoders import encoder_name  # the encoders load only when they run

        text += f"|model:{encoder_name(config.model)}|windows:{config.window_mode}"
    return text
