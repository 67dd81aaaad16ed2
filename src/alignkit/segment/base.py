"""The interface every sentence segmenter implements."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Segmenter(Protocol):
    """Splits one paragraph's text into sentences.

    :ivar lang: the language code the segmenter was built for (``"en"``, ``"zh"``).
    :ivar name: the segmenter and its data version, recorded in every output's
        signature (``"moses-en+sacremoses-0.2.0"``).
    """

    lang: str
    name: str

    def split(self, text: str) -> list[str]:
        """The sentences of ``text``, stripped, in order; ``[]`` for blank text.

        Every non-space character of ``text`` appears in exactly one sentence, in order.
        """
        ...
