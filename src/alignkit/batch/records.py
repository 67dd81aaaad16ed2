"""What a document's run leaves: its result, and the completion record ``resume`` trusts.

A record (``out_dir/.alignkit-batch/<name>.json``) is written after every output of
its document, and removed before the document is redone, so a record says the
outputs are complete.  It keeps the document's :class:`DocumentResult`, a
fingerprint of everything that changes the outputs (the alignment signature, the
languages, the state — size, modification time — of every input file and of every
glossary) and the state of every output as written.  :func:`completed_result`
trusts a record only while the fingerprint is unchanged and every output is still
there, readable and as written: an output truncated, rewritten or made unreadable
since means the document is done again.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..align import signature
from ..fsutil import atomic_open

if TYPE_CHECKING:
    from .tasks import DocumentTask

#: Folder inside ``out_dir`` holding one completion record per document.
RECORD_DIR = ".alignkit-batch"

OK, RESUMED, FAILED, UNPAIRED = "ok", "resumed", "failed", "unpaired"


@dataclass(frozen=True)
class DocumentResult:
    """What became of one document: a row of the batch summary.

    :param document: its UN symbol.
    :param term_findings: findings of the term check, or None without a glossary.
    :param status: ``ok``, ``resumed`` or ``failed`` (with the ``error``).
    :param name: the symbol as a file name (``S-2017-613``).
    """

    document: str
    languages: tuple[str, ...] = ()
    units: int = 0
    flagged: int = 0
    term_findings: int | None = None
    seconds: float = 0.0
    status: str = OK
    error: str = ""
    name: str = ""


def record_path(task: DocumentTask) -> Path:
    """Where the completion record of ``task``'s document goes."""
    return Path(task.settings.out_dir) / RECORD_DIR / f"{task.name}.json"


def fingerprint(task: DocumentTask) -> dict[str, Any]:
    """Everything that changes the document's outputs: settings, inputs, every glossary."""
    settings = task.settings
    return {
        "settings": {
            "signature": signature(settings.config),
            "langs": list(settings.langs) if settings.langs else None,
            "glossaries": [[path, _file_stamp(Path(path))] for path in settings.glossaries],
        },
        "inputs": [[lang, path, _file_stamp(Path(path))] for lang, path in task.files],
    }


def forget(task: DocumentTask) -> None:
    """Remove the document's record: its outputs are about to be rewritten."""
    record_path(task).unlink(missing_ok=True)


def write_record(task: DocumentTask, result: DocumentResult) -> None:
    """Record that the document's outputs are complete (written last, atomically)."""
    path = record_path(task)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"fingerprint": fingerprint(task), "result": dataclasses.asdict(result),
              "outputs": _output_stamps(task)}
    with atomic_open(path) as handle:
        json.dump(record, handle, ensure_ascii=False, indent=1)


def completed_result(task: DocumentTask) -> DocumentResult | None:
    """The recorded result when the document's outputs are complete and up to date, else None."""
    try:
        record = json.loads(record_path(task).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("fingerprint") != json.loads(json.dumps(fingerprint(task))):
        return None
    if record.get("outputs") != _output_stamps(task):
        return None
    if not all(os.access(path, os.R_OK) for path in task.outputs()):
        return None
    fields = record.get("result", {})
    if not isinstance(fields, dict):
        return None
    fields["languages"] = tuple(fields.get("languages", ()))
    try:
        return dataclasses.replace(DocumentResult(**fields), status=RESUMED)
    except TypeError:
        return None


def _output_stamps(task: DocumentTask) -> list[list[int] | None]:
    """The state of every output of the document: a truncated or rewritten one differs."""
    return [_file_stamp(path) for path in task.outputs()]


def _file_stamp(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]
