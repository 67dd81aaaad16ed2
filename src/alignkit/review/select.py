"""Choosing the units that go into a translation memory: by review status, by score."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from ..model import Alignment


def select_units(alignment: Alignment, *, statuses: Collection[str] = (), min_score: float | None = None) -> Alignment:
    """``alignment`` with only the units whose status is in ``statuses`` (all when empty) and
    whose score is at least ``min_score`` (all when None); ids are kept."""
    units = tuple(
        unit for unit in alignment.units
        if (not statuses or unit.status in statuses) and (min_score is None or unit.score >= min_score)
    )
    return replace(alignment, units=units)
