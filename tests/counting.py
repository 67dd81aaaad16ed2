"""Counting the work of the DP and of the lexical precomputation, for tests that guard speed
without a clock: the cells a cost is asked for, and the coverage cells precomputed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from alignkit.align.lexical import Coverage, CoverageBlock


@dataclass
class Work:
    """Cells asked of the costs (``cells``) and coverage cells precomputed (``coverage``)."""

    cells: int = 0
    coverage: int = 0


def count_cost_cells(monkeypatch: pytest.MonkeyPatch, *cost_classes: type) -> Work:
    """Count every cell the DP asks the costs of ``cost_classes`` for (and the lexical
    coverage cells precomputed), until the test ends.  The numpy DP runs (``ALIGNKIT_DP=numpy``):
    the compiled kernel walks the same band and is checked against it in test_compiled_dp.py."""
    monkeypatch.setenv("ALIGNKIT_DP", "numpy")
    work = Work()
    for cost_class in cost_classes:
        _count_costs(monkeypatch, cost_class, work)
    build = Coverage._build

    def counting_build(self: Coverage, block: CoverageBlock, sizes: list[int]) -> None:
        work.coverage += block.cells * len(sizes)
        build(self, block, sizes)

    monkeypatch.setattr(Coverage, "_build", counting_build)
    return work


def _count_costs(monkeypatch: pytest.MonkeyPatch, cost_class: type, work: Work) -> None:
    costs = getattr(cost_class, "costs")  # noqa: B009 (any class with the BeadCost methods)

    def counting_costs(self: object, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        work.cells += len(src_end)
        result: np.ndarray = costs(self, a, b, src_end, tgt_end)
        return result

    monkeypatch.setattr(cost_class, "costs", counting_costs)
