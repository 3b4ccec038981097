"""Writing a file so that a crash never leaves half of it, and checking beforehand that it can be.

The text goes to a hidden temporary file next to the target, named
``.<name>.xorgui-<pid>-<random>.tmp``, is flushed and fsynced, then renamed over the target.
A process killed mid-save leaves that temporary file behind; the next save to the same
folder removes such leftovers whose process is gone (or that are older than a day).
A symbolic link is followed: the file it points to is replaced, the link stays. A file
without write permission is refused, never replaced.

Reading: ``read_bounded`` reads a file the user chose, refusing one too large for its kind
without reading more than its limit, and anything that is not a regular file (a device such
as /dev/zero, a pipe) before reading it (the session file and the data file importer share
its sentences).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import IO, Callable

STALE_AGE = 24 * 3600  # seconds after which a leftover is removed even if its pid is alive
_TEMP = re.compile(r"^\..+\.xorgui-(\d+)-[A-Za-z0-9_]+\.tmp$")


def resolve(path: str | os.PathLike) -> Path:
    """The file a save to ``path`` writes: symbolic links followed."""
    return Path(os.path.realpath(path))


def read_bounded(path: str | os.PathLike, limit: int, too_large: str, error: type[Exception]) -> bytes:
    """The bytes of ``path``. ``error`` with a sentence a user can read when the file cannot be
    read, or when it is more than ``limit`` bytes ("the file is 9.5 MiB; " + ``too_large``)."""
    try:
        # opened without waiting (a pipe would block), then asked what it is: no race with a swap
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise error(f"cannot read the file ({exc.strerror or exc})") from None
    except ValueError:  # a name with a NUL, as a hand-edited list of recent files may hold
        raise error("cannot read the file: its name holds a NUL character") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # /dev/zero reports a size of 0 and never ends
            raise error("cannot read it: it is " + ("a folder" if stat.S_ISDIR(st.st_mode) else
                                                    "not a file (a device, a pipe or a socket)"))
        chunks, left = [], limit + 1  # at most: a file that grew since its size was read included
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise error(f"cannot read the file ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) <= limit:
        return data
    size = max(len(data), st.st_size)
    shown = f"{size / 2**20:.1f} MiB" if size - limit >= 0.05 * 2**20 else f"{size:,} bytes"  # not "1.0 MiB; at most 1 MiB"
    raise error(f"the file is {shown}; {too_large}")


CHOOSE_ANOTHER = "Choose another folder (one you can write to) or another name."


def cannot_write(path: str | os.PathLike, exc: OSError) -> str:
    """What every export says when ``path`` could not be written (``exc``: the writer's error):
    "cannot write PATH: the folder F does not exist. Choose another folder (one you can write
    to) or another name." (or "it is a folder", "the file is read-only", …; docs/exports.md)."""
    why = problem_writing(path) or exc.strerror or str(exc)
    return f"cannot write {path}: {why}. {CHOOSE_ANOTHER}"


def problem_writing(path: str | os.PathLike) -> str | None:
    """Why ``path`` cannot be written (to say so before a long run), or None. Creates and
    removes a probe file in the folder, so permissions and read-only disks are both seen."""
    try:  # a name too long for the disk raises here (ENAMETOOLONG), not only when written
        target = resolve(path)
        if target.is_dir():
            return "it is a folder"
        if target.exists() and not target.is_file():
            return "it is not a regular file (a device or a pipe)"
        if not target.parent.is_dir():
            return f"the folder {target.parent} does not exist"
        if target.exists() and _read_only(target):
            return "the file is read-only"
    except OSError as exc:
        return exc.strerror or str(exc)
    try:
        fd, probe = tempfile.mkstemp(prefix=_temp_prefix(target) + f"{os.getpid()}-", suffix=".tmp",
                                     dir=target.parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return f"cannot write in {target.parent} ({exc.strerror or exc})"
    return None


def write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically, as :func:`write_with` does."""
    write_with(path, lambda f: f.write(text), binary=False)


def write_with(path: str | os.PathLike, fill: Callable[[IO], object], binary: bool = True) -> None:
    """Write ``path`` atomically: ``fill`` writes the content into a temporary file beside it (opened
    binary, or as UTF-8 text), which then replaces ``path``, keeping the replaced file's permissions.
    Raises OSError (PermissionError for a read-only file), or whatever ``fill`` raises, and leaves the
    target unchanged."""
    target = resolve(path)
    try:
        st = target.stat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    else:
        if not stat.S_ISREG(st.st_mode):  # renaming over /dev/null or a pipe would replace it
            raise OSError(errno.EISDIR if stat.S_ISDIR(st.st_mode) else errno.EINVAL,
                          "it is a folder" if stat.S_ISDIR(st.st_mode) else "it is not a regular file", str(path))
        if _read_only(target):
            raise PermissionError(errno.EACCES, "the file is read-only", str(path))
        mode = st.st_mode & 0o777  # keep the permissions of the file we replace
    remove_stale_temporaries(target)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target) + f"{os.getpid()}-", suffix=".tmp", dir=target.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8") as f:
            fill(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _temp_prefix(target: Path) -> str:
    """``.NAME.xorgui-`` for the temporary files of ``target``; a long name shortened, with a hash
    of it, so that the temporary name stays within the disk's 255 bytes (a valid 245-byte name was
    refused: its temporary was 30 bytes longer)."""
    name = target.name
    if len(name.encode()) > 150:
        digest = hashlib.sha1(name.encode(errors="surrogateescape")).hexdigest()[:10]
        name = name.encode()[:100].decode(errors="ignore") + "~" + digest
    return f".{name}.xorgui-"


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove leftovers of killed saves of ``target`` (see the module docstring); returns them."""
    removed = []
    prefix = _temp_prefix(target)
    try:
        names = [n for n in os.listdir(target.parent) if n.startswith(prefix)]
    except OSError:
        return removed
    for name in names:
        m = _TEMP.match(name)
        if not m:
            continue
        path = target.parent / name
        try:
            old = time.time() - path.stat().st_mtime > STALE_AGE
            if old or not _alive(int(m.group(1))):
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def _read_only(path: Path) -> bool:
    # the permission bits, not os.access: root may write anything, but a file its owner made
    # read-only is meant to stay as it is
    return not path.stat().st_mode & 0o222


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows: os.kill would end the process; age decides
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else
        return True
    return True
