"""Files in and out: inputs read once and bounded, outputs checked first and written atomically.

Reading — every file alignkit reads (texts, Word and PDF files, glossaries, TMX,
gold files) goes through :func:`read_input`:

* an input larger than the size limit (:func:`max_input_size`, 200 MB unless
  raised with :func:`input_size_limit` or ``--max-input-size``) is refused: a
  regular file from its size, before reading, anything else once the limit is
  passed, so an input that never ends (``/dev/zero``, ``yes |``) stops;
* ``check_start`` sees the first bytes before the rest is read, so a reader
  refuses binary data at once instead of after the size limit;
* a pipe, FIFO or device is read once and kept: reading it again (to guess the
  language from the start, then to read it whole) gives the same bytes, where
  reading the pipe twice would lose what the first read took;
* a FIFO that nothing writes to is refused after :data:`FIFO_WAIT` seconds
  instead of waiting for ever;
* ``-`` (:data:`STDIN`) is standard input, read as ``/dev/stdin`` is.

Writing — :func:`check_outputs` refuses, before any work, an output that is one
of the inputs (by real path, through symbolic links and ``..``, or a hard link),
a folder, in a folder that cannot be written, or named too long.  Every command
(and every new one) calls it with all it reads and all it writes.
:func:`atomic_open` writes to a file with no name in the target's folder where
Linux allows it (``O_TMPFILE``), named only once complete and renamed over the
target at once: even a run killed outright (SIGKILL, a power cut) leaves nothing
behind.  Elsewhere, and in :func:`atomic_path` (for a library that wants a file
name), the temporary file has a short fixed-length name beside the target
(``.ak-XXXXXXXX.tmp``, so any legal target name works).  On any exception, and on
SIGTERM or SIGHUP inside :func:`exit_on_termination`, the temporary file is
removed and the target left as it was.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import re
import secrets
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import IO, Any

from .errors import ExportError, InputFormatError

# ------------------------------------------------------------------ reading inputs

#: Inputs larger than this are refused unless the limit is raised (200 MB).
DEFAULT_MAX_INPUT_SIZE = 200_000_000
#: How long a FIFO is waited on for something to write to it, in seconds.
FIFO_WAIT = 5.0
#: Bytes read at a time from a stream; ``check_start`` sees (at most) the first chunk.
CHUNK_SIZE = 64 * 1024

#: The input name that means standard input.
STDIN = "-"
#: The file standard input is read through.
STDIN_PATH = "/dev/stdin"

_max_input_size: contextvars.ContextVar[int] = contextvars.ContextVar(
    "alignkit_max_input_size", default=DEFAULT_MAX_INPUT_SIZE)
#: Inputs that cannot be read twice (pipes, FIFOs, devices), by path and identity, once read.
_BUFFERED: dict[tuple[str, int, int], bytes] = {}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?\s*$", re.IGNORECASE)
_SIZE_POWERS = {"": 0, "k": 1, "m": 2, "g": 3, "t": 4}


def max_input_size() -> int:
    """The largest input, in bytes, that :func:`read_input` reads now."""
    return _max_input_size.get()


@contextlib.contextmanager
def input_size_limit(size: int) -> Iterator[None]:
    """Within the block, :func:`read_input` accepts inputs of up to ``size`` bytes."""
    if size < 1:
        raise ValueError(f"the input size limit must be positive, not {size}")
    token = _max_input_size.set(size)
    try:
        yield
    finally:
        _max_input_size.reset(token)


def parse_size(text: str) -> int:
    """Bytes in a size such as ``200MB``, ``1.5G``, ``512KiB`` or ``1000`` (K, M, G, T: powers of 1000;
    KiB, MiB...: of 1024).

    :raises ValueError: not a size.
    """
    match = _SIZE.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a size; use a number with K, M or G, such as 500M or 2G")
    number, unit, binary = match.groups()
    if binary and not unit:
        raise ValueError(f"{text!r} is not a size; use a number with K, M or G, such as 500M or 2G")
    size = int(float(number) * (1024 if binary else 1000) ** _SIZE_POWERS[unit.lower()])
    if size < 1:
        raise ValueError(f"{text!r} is too small a size")
    return size


def format_size(size: int) -> str:
    """``size`` bytes for people: ``200 MB``, ``64 KB``, ``12 bytes``."""
    for unit, power in (("GB", 3), ("MB", 2), ("KB", 1)):
        if size >= 1000 ** power:
            return f"{size / 1000 ** power:.3g} {unit}"
    return f"{size} bytes"


def read_input(path: str | os.PathLike[str], *, check_start: Callable[[bytes], None] | None = None) -> bytes:
    """The bytes of an input file, bounded by :func:`max_input_size` (see the module docstring).

    :param check_start: called with the first bytes (up to :data:`CHUNK_SIZE`) before more
        is read; it raises to refuse the input (binary data where text is expected).
    :raises InputFormatError: missing, a folder, unreadable, larger than the limit, or a
        FIFO nothing writes to; or what ``check_start`` raises.
    """
    path = system_path(path)
    status = _stat_input(path)
    if stat.S_ISREG(status.st_mode):
        return _read_regular(path, status, check_start)
    key = (str(path), status.st_dev, status.st_ino)
    data = _BUFFERED.get(key)
    if data is None:
        data = _read_stream(path, status, check_start)
        _BUFFERED[key] = data
    elif check_start is not None:
        check_start(data[:CHUNK_SIZE])
    return data


def input_head(path: str | os.PathLike[str], size: int, *,
               check_start: Callable[[bytes], None] | None = None) -> bytes:
    """The first ``size`` bytes of an input; a pipe or device is read whole (once) and kept,
    so that :func:`read_input` later gets all of it.

    :raises InputFormatError: as :func:`read_input`.
    """
    path = system_path(path)
    status = _stat_input(path)
    if not stat.S_ISREG(status.st_mode):
        return read_input(path, check_start=check_start)[:size]
    try:
        with open(path, "rb") as handle:
            head = handle.read(size)
    except OSError as error:
        raise _unreadable(path, error) from None
    if check_start is not None:
        check_start(head[:CHUNK_SIZE])
    return head


def system_path(path: str | os.PathLike[str]) -> Path:
    """The file to open for an input: ``-`` (:data:`STDIN`) is ``/dev/stdin``, any other path itself."""
    return Path(STDIN_PATH) if os.fspath(path) == STDIN else Path(path)


def is_regular_file(path: str | os.PathLike[str]) -> bool:
    """True for a regular file (not a folder, pipe, FIFO or device)."""
    try:
        return stat.S_ISREG(os.stat(system_path(path)).st_mode)
    except OSError:
        return False


def _stat_input(path: Path) -> os.stat_result:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise InputFormatError(path, "file not found; check the path") from None
    except OSError as error:
        raise _unreadable(path, error) from None
    except ValueError:  # a NUL character in the name
        raise InputFormatError(path, "is not a valid file name") from None
    if stat.S_ISDIR(status.st_mode):
        raise InputFormatError(path, "is a directory; give the path of a file")
    return status


def _unreadable(path: Path, error: OSError) -> InputFormatError:
    if error.errno == errno.ENAMETOOLONG:
        return InputFormatError(path, "the file name is too long")
    return InputFormatError(path, f"cannot be read ({error.strerror or error}); check its permissions")


def _too_large(path: Path, size: str) -> InputFormatError:
    limit = format_size(max_input_size())
    return InputFormatError(
        path, f"is {size} than the input size limit of {limit}; if it is the right file, raise the "
              f"limit with --max-input-size (e.g. --max-input-size 1GB)")


def _read_regular(path: Path, status: os.stat_result, check_start: Callable[[bytes], None] | None) -> bytes:
    limit = max_input_size()
    if status.st_size > limit:
        raise _too_large(path, f"larger ({format_size(status.st_size)})")
    try:
        with open(path, "rb") as handle:
            head = handle.read(CHUNK_SIZE)
            if check_start is not None:
                check_start(head)
            rest = _read_rest(handle, status.st_size, limit - len(head)) if len(head) == CHUNK_SIZE else b""
    except OSError as error:
        raise _unreadable(path, error) from None
    if len(head) + len(rest) > limit:  # the file grew while it was read
        raise _too_large(path, "larger")
    return head + rest


def _read_rest(handle: IO[bytes], size: int, room: int) -> bytes:
    """The rest of a file of ``size`` bytes (as its status said), up to one byte more than ``room``.

    Read with a buffer of the file's size: a read asked for ``room`` bytes would take a
    buffer of the whole limit (200 MB, or more than the memory with a raised limit).
    A file that grew meanwhile is read on in chunks until the limit is passed.
    """
    parts = [handle.read(min(size, room + 1))]
    read = len(parts[0])
    while read <= room and (chunk := handle.read(min(CHUNK_SIZE, room + 1 - read))):
        parts.append(chunk)
        read += len(chunk)
    return b"".join(parts)


def _read_stream(path: Path, status: os.stat_result, check_start: Callable[[bytes], None] | None) -> bytes:
    """All of a pipe, FIFO or device, up to the limit; a FIFO without a writer is not waited on for ever."""
    limit = max_input_size()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise _unreadable(path, error) from None
    try:
        data = bytearray(_first_bytes(fd, path) if stat.S_ISFIFO(status.st_mode) else b"")
        os.set_blocking(fd, True)
        checked = check_start is None
        while True:
            if not checked and len(data) >= CHUNK_SIZE:
                _check_start(check_start, data)
                checked = True
            chunk = os.read(fd, CHUNK_SIZE)
            if not chunk:
                break
            data += chunk
            if len(data) > limit:
                raise _too_large(path, "larger")
    except OSError as error:
        raise _unreadable(path, error) from None
    finally:
        os.close(fd)
    if not checked:
        _check_start(check_start, data)
    return bytes(data)


def _check_start(check_start: Callable[[bytes], None] | None, data: bytearray) -> None:
    if check_start is not None:
        check_start(bytes(data[:CHUNK_SIZE]))


def _first_bytes(fd: int, path: Path) -> bytes:
    """The first bytes of a FIFO opened without blocking, waiting at most :data:`FIFO_WAIT` s for a writer.

    A read without data says which case it is: ``EAGAIN`` means a writer is there
    (its data will come: wait for it as long as it takes), end of file means
    no writer (yet, or any more: nothing to read then either).
    """
    deadline = time.monotonic() + FIFO_WAIT
    while True:
        try:
            data = os.read(fd, CHUNK_SIZE)
        except BlockingIOError:
            return b""  # a writer is connected
        if data:
            return data
        if time.monotonic() >= deadline:
            raise InputFormatError(
                path, f"is a pipe that nothing wrote to within {FIFO_WAIT:g} seconds; start the program "
                      "that writes to it first, or give a file")
        time.sleep(0.05)


# ------------------------------------------------------------------ checking outputs


def check_outputs(outputs: Iterable[str | os.PathLike[str]], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Refuse, before any work, an output that would destroy something or cannot be written.

    An output may not be an input (the same real path, through symbolic links and
    ``..``, or the same file through a hard link), nor a folder; its folder must be
    creatable and writable, and its name short enough for the file system.

    :raises ExportError: naming the output and the input it would overwrite, or the problem.
    """
    read = [Path(path) for path in inputs]
    by_real_path = {os.path.realpath(path): path for path in read}
    by_identity = {identity: path for path in read if (identity := _file_identity(path)) is not None}
    folders_checked: set[str] = set()
    for output in outputs:
        path = Path(output)
        _check_name_length(path)
        if path.is_dir():
            raise ExportError(f"{path}: is a directory; give a file name such as {path / 'alignment.tmx'}")
        clash = by_real_path.get(os.path.realpath(path))
        identity = _file_identity(path)
        if clash is None and identity is not None:
            clash = by_identity.get(identity)
        if clash is not None:
            raise ExportError(f"{path}: would overwrite the input {clash}; choose another output name")
        _check_folder(path, folders_checked)


def distinct_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """``paths`` in order, each file once: a later path naming the same file as an earlier one
    (the same real path, or the same existing file through a hard link) is left out."""
    seen: set[object] = set()
    kept: list[Path] = []
    for item in paths:
        path = Path(item)
        keys = {os.path.realpath(path), _file_identity(path)} - {None}
        if keys & seen:
            continue
        seen |= keys
        kept.append(path)
    return kept


def _file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of an existing regular file, else None."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return (status.st_dev, status.st_ino) if stat.S_ISREG(status.st_mode) else None


def _check_folder(path: Path, checked: set[str]) -> None:
    """The output's folder exists or can be made, can be written, and takes a name this long."""
    folder = path.parent
    key = str(folder)
    if key not in checked:
        existing = folder
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not existing.is_dir():
            raise ExportError(f"{path}: cannot create directory {folder}: {existing} is a file")
        if not os.access(existing, os.W_OK | os.X_OK):
            raise ExportError(f"{path}: cannot write in directory {existing} (permission denied)")
        checked.add(key)


def _check_name_length(path: Path) -> None:
    """Every part of the path fits the file system (checked first: a longer name makes stat fail)."""
    longest = _name_max(path.parent)
    for part in path.parts:
        if len(os.fsencode(part)) > longest:
            raise ExportError(f"{path}: the file name is longer than the {longest} bytes the file system allows")


def _name_max(folder: Path) -> int:
    existing = folder
    try:
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        return os.pathconf(existing, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


# ------------------------------------------------------------------ writing outputs atomically

#: Temporary files are ``.ak-`` + 8 random characters + ``.tmp`` beside their target.
TEMP_PREFIX, TEMP_SUFFIX = ".ak-", ".tmp"


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    On any exception (and on SIGTERM inside :func:`exit_on_termination`) the temporary
    file is removed and ``path`` is left as it was, so a failed run never leaves a
    half-written output.  Use this for libraries that want a file name (openpyxl, pandas).
    """
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent or ".")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp creates the file owner-only; give the output the usual permissions.
        os.chmod(tmp, 0o666 & ~_current_umask())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8",
                newline: str | None = None) -> Iterator[IO[Any]]:
    """Open a temporary file for writing that replaces ``path`` only when closed cleanly (a file
    without a name until then, where the system allows it)."""
    if "b" in mode:
        encoding = None
    target = Path(path)
    fd = _unnamed_file(target.parent)
    if fd is None:
        with atomic_path(target) as tmp, open(tmp, mode, encoding=encoding, newline=newline) as handle:
            yield handle
        return
    try:
        with open(fd, mode, encoding=encoding, newline=newline, closefd=False) as handle:
            yield handle
        _name_unnamed_file(fd, target)
    finally:
        os.close(fd)


#: Where a process's open files can be linked from (Linux).
_OPEN_FILES = Path("/proc/self/fd")


def _unnamed_file(folder: Path) -> int | None:
    """A file open for writing in ``folder`` that has no name yet (Linux ``O_TMPFILE``, usual
    permissions), or None where the system or the file system cannot make one."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not _OPEN_FILES.is_dir():
        return None
    try:
        # Readable too, for the copy when it cannot be linked (see _name_unnamed_file).
        return os.open(folder or ".", flag | os.O_RDWR | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError:
        return None  # not supported here: the named temporary file will say what is wrong, if anything


def _name_unnamed_file(fd: int, target: Path) -> None:
    """Give the unnamed file ``fd`` a temporary name beside ``target``, then rename it over ``target``
    (a file cannot be linked over an existing one); where it cannot be linked, copy it."""
    try:
        tmp = _link_unnamed_file(fd, target.parent)
    except OSError:
        with atomic_path(target) as named, open(named, "wb") as copy:
            os.lseek(fd, 0, os.SEEK_SET)
            while chunk := os.read(fd, CHUNK_SIZE):
                copy.write(chunk)
        return
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _link_unnamed_file(fd: int, folder: Path) -> Path:
    """Link the unnamed file ``fd`` into ``folder`` under a new temporary name, and return that name."""
    # Given a folder descriptor, os.link calls linkat(AT_SYMLINK_FOLLOW), which links the file the
    # /proc entry stands for (plain link() would try to link the entry itself).
    open_files = os.open(_OPEN_FILES, os.O_RDONLY | os.O_DIRECTORY)
    try:
        while True:
            tmp = folder / f"{TEMP_PREFIX}{secrets.token_hex(4)}{TEMP_SUFFIX}"
            try:
                os.link(str(fd), tmp, src_dir_fd=open_files, follow_symlinks=True)
                return tmp
            except FileExistsError:
                continue
    finally:
        os.close(open_files)


# ------------------------------------------------------------------ termination signals

#: Signals that end a run cleanly inside :func:`exit_on_termination`.
TERMINATION_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _exit_cleanly(signum: int, _frame: FrameType | None) -> None:
    """Turn a termination signal into SystemExit, so ``finally`` blocks and the atomic writers clean up."""
    signal.signal(signum, signal.SIG_IGN)  # a second signal must not interrupt the clean-up
    raise SystemExit(128 + signum)


def install_termination_handlers() -> dict[int, Any]:
    """Make SIGTERM and SIGHUP raise SystemExit (status 128 + signal) in this process.

    Only signals left at their default are taken (a SIG_IGN set by ``nohup``, or a
    handler of a program embedding alignkit, stays), and only in the main thread.
    Returns the handlers replaced, for :func:`exit_on_termination` to put back.
    """
    replaced: dict[int, Any] = {}
    if threading.current_thread() is not threading.main_thread():
        return replaced
    for signum in TERMINATION_SIGNALS:
        if signal.getsignal(signum) is signal.SIG_DFL:
            replaced[signum] = signal.signal(signum, _exit_cleanly)
    return replaced


@contextlib.contextmanager
def exit_on_termination() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP end the run as an exception would: temporary files
    are removed, targets left whole (see :func:`install_termination_handlers`)."""
    replaced = install_termination_handlers()
    try:
        yield
    finally:
        for signum, handler in replaced.items():
            signal.signal(signum, handler)
