"""Text: turning what a reader got out of a file into clean paragraphs with labels.

The plain-text reader runs the first steps in order, the PDF and Word readers
use the parts they need, and :func:`alignkit.pipeline.load_document` runs
:mod:`numbering` on every document before segmentation.

* :mod:`~alignkit.text.decode` — bytes → text: byte-order marks, strict UTF-8,
  cautious legacy-encoding detection, telling text from binary files.
* :mod:`~alignkit.text.normalize` — Unicode clean-up of decoded text (line ends,
  spaces, invisible characters) before layout analysis.
* :mod:`~alignkit.text.layout` — normalised plain text → paragraphs: tells the
  layout (PDF-extracted, blank-line blocks, one line per paragraph, hard-wrapped)
  and rebuilds paragraphs and headings with their source lines.
* :mod:`~alignkit.text.furniture` — page furniture a printed UN document repeats
  (symbol, job number, page numbers), dropped by the layout and PDF readers.
* :mod:`~alignkit.text.dehyphenate` — joining a paragraph's printed lines and
  repairing broken hyphenation with the document's own vocabulary.
* :mod:`~alignkit.text.numbering` — paragraph labels (``1.``, ``(a)``,
  ``Article 29``, ``第二十九条``, ``一、``): recognised, normalised and turned into
  keys equal across the language versions.
* :mod:`~alignkit.text.numerals` — every numeral table and conversion, both ways
  (Chinese, roman, list letters, full-width and enclosed digits), for
  :mod:`numbering` and Word's list numbering.

A new label style goes in :mod:`numbering`, a new numeral system in
:mod:`numerals`, a new furniture pattern in :mod:`furniture`.
"""
