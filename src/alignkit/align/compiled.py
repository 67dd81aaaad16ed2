"""Whether the DP runs compiled, and what a cost hands the compiled DP.

The DP of :mod:`.dp` has two implementations that give the same beads and
scores: rows of numpy operations that ask a :class:`~.dp.BeadCost` for the
costs of whole chunks of cells (any cost), and a compiled loop
(:mod:`._kernel`, Cython) that computes the length and lexical costs itself,
cell by cell, from the arrays a :class:`CompiledCost` holds.  A cost offers
those arrays by a ``compiled()`` method (:class:`~.length.LengthCost`,
:class:`~.lexical.LexicalCost`); a cost without one (the semantic cost, the
consensus's forced splits) always takes the numpy DP.

The kernel is built when the package is installed (setup.py; it needs a C
compiler, and the package installs without it when there is none).  It is
used whenever it is there and was built from the kernel source beside it —
an editable install whose ``_kernel.pyx`` changed since it was built falls
back to the numpy DP until it is rebuilt (``pip install -e .``, or
``python setup.py build_ext --inplace``).  ``ALIGNKIT_DP=numpy`` in the
environment keeps the numpy DP anyway (for comparing the two).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np

Relation = tuple[int, int]

#: Environment variable choosing the DP: ``numpy`` keeps the numpy DP; anything else (or nothing)
#: uses the compiled one when it is available.
DP_VARIABLE = "ALIGNKIT_DP"

#: One lexical side for the kernel, in the cost's orientation (see :mod:`._kernel`): key CSR
#: (starts, keys, values), gains[weighting, size - 1, key], unfound[own, size, end],
#: spread[other, end], the other side's occurrences (codes, values, gaps) and their stride.
LexicalSide = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                    np.ndarray, np.ndarray, np.ndarray, int]


@dataclass(frozen=True)
class CompiledCost:
    """What the compiled DP needs to compute a length (and lexical) cost itself.

    :param src_prefix: prefix sums of the source lengths.
    :param equivalent_prefix: prefix sums of the target lengths divided by the ratio.
    :param half_variance: the length model's variance / 2.
    :param tail: ``-log P(|Z| ≥ δ)`` tabulated (:data:`~.length.TAIL_STEPS` a σ).
    :param relation_cost: ``-log prior`` (plus the skip penalty) of a relation.
    :param sides: the two lexical sides, or None for the length cost alone.
    :param strength: the lexical evidence's weight.
    :param max_size: longest span whose coverage is computed (:data:`~.lexical.MAX_SPAN`).
    :param max_items: the most sentences on one side of a relation the tables hold.
    :param n_keys: key ids are below this.
    """

    src_prefix: np.ndarray
    equivalent_prefix: np.ndarray
    half_variance: float
    tail: np.ndarray
    relation_cost: Callable[[Relation], float]
    sides: tuple[LexicalSide, LexicalSide] | None = None
    strength: float = 1.0
    max_size: int = 1
    max_items: int = 1 << 30
    n_keys: int = 1

    def fits(self, relations: list[Relation]) -> bool:
        """Whether the tables hold every relation's sizes."""
        return all(max(a, b) <= self.max_items for a, b in relations)


_kernel: ModuleType | None = None
_kernel_tried = False


def kernel() -> ModuleType | None:
    """The compiled kernel, or None when it was not built or was built from another source (tried once)."""
    global _kernel, _kernel_tried
    if not _kernel_tried:
        _kernel_tried = True
        _kernel = _current_kernel()
    return _kernel


def _current_kernel() -> ModuleType | None:
    try:
        from . import _kernel as module  # type: ignore[attr-defined]
    except ImportError:
        return None
    source = Path(__file__).with_name("_kernel.pyx")
    if source.is_file() and hashlib.sha256(source.read_bytes()).hexdigest() != module.SOURCE_HASH:
        return None  # built from an older _kernel.pyx: its results could differ from the numpy DP's
    kernel: ModuleType = module
    return kernel


def wanted() -> bool:
    """Whether the compiled DP should run when it can (not with ``ALIGNKIT_DP=numpy``)."""
    return os.environ.get(DP_VARIABLE, "").strip().lower() != "numpy"


_DUMMY_INT = np.zeros(2, dtype=np.int64)
_DUMMY_FLOAT = np.zeros(2)
#: The lexical side the kernel is given with the length cost alone (it reads none of it).
NO_SIDE: LexicalSide = (_DUMMY_INT, _DUMMY_INT, _DUMMY_FLOAT, np.zeros((2, 1, 1)), np.zeros((1, 1, 1)),
                        np.zeros((1, 1)), _DUMMY_INT, _DUMMY_FLOAT, _DUMMY_INT, 1)
