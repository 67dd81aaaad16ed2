"""``alignkit review``: an alignment editor in the browser, served on the reviewer's own machine.

The review loop's core (:mod:`alignkit.review`) checks and rebuilds a review;
this package is an editor for one: a small web app on 127.0.0.1 whose page
shows one row per unit and one column per language, and whose operations move
sentences between units, set statuses and comments, edit text, undo and redo,
and re-align a stretch, every change saved to the file at once.

It sits at the top of alignkit's layers, beside :mod:`alignkit.pipeline` (which
opens the file: :func:`alignkit.pipeline.open_for_review`), and needs the
``alignkit[review]`` extra (Starlette and uvicorn) only to serve:

* :mod:`.state` — :class:`~.state.Piece` (a sentence and the original sentences
  it holds), :class:`~.state.EditorUnit`, :class:`~.state.Reference` (the original
  alignment every save is checked against; what a unit's sentences make of its
  type, score and flag).
* :mod:`.operations` — merge, split, move a sentence, status, comment, edit,
  re-align a stretch: functions from units to units, or :class:`~.operations.EditRefused`.
* :mod:`.session` — :class:`~.session.ReviewSession`: versions, undo and redo,
  refusing a stale tab's change, the background save, export, the JSON the page gets.
* :mod:`.app` — the Starlette app: routes, the token, Host and Origin checks, the assets.
* :mod:`.server` — :func:`~.server.serve`: loopback socket, uvicorn, browser, Ctrl-C.
* ``static/`` — the page: ``index.html``, ``style.css`` and ES modules, no build step.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from .session import ReviewSession


def open_session(path: str | os.PathLike[str], glossaries: Sequence[str | os.PathLike[str]] = (), *,
                 scorer: str = "length", autosave: bool = True) -> ReviewSession:
    """A review session for the alignment file ``path``.

    :param glossaries: their terms are highlighted, and their concepts anchor a re-alignment.
    :param scorer: the scorer of re-alignments (``length``, ``semantic``, ``auto``), as ``align`` takes it.
    :raises AlignkitError: the file or a glossary cannot be read, or the file's review lost text already.
    """
    from ...config import AlignConfig
    from ...pipeline import merged_glossary, open_for_review
    from .operations import default_aligner

    start = open_for_review(path)
    glossary = merged_glossary(glossaries)
    aligner = default_aligner(AlignConfig(scorer=scorer), glossary)
    return ReviewSession(path, start, glossary=glossary, aligner=aligner, autosave=autosave)


#: What serving needs, from the ``alignkit[review]`` extra.
SERVER_PACKAGES = ("starlette", "uvicorn")


def check_installed() -> None:
    """Refuse to start when the ``alignkit[review]`` extra is not installed.

    :raises AlignkitError: naming the missing package and the extra to install.
    """
    import importlib.util

    from ...errors import AlignkitError

    missing = [name for name in SERVER_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        raise AlignkitError(f"alignkit review needs {' and '.join(missing)}: pip install 'alignkit[review]'")


def serve(session: ReviewSession, **options: Any) -> None:
    """Serve ``session`` until Ctrl-C (:func:`.server.serve`; needs ``alignkit[review]``)."""
    from .server import serve as run

    run(session, **options)


__all__ = ["ReviewSession", "check_installed", "open_session", "serve"]
