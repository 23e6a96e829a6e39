"""Where a path leads (a file written atomically, a device or descriptor written directly, standard
output) and what no output may replace (the run's inputs, their indexes, the knowledge-base folder)."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError

STDOUT = "-"
INDEX_SUFFIXES = (".tbi", ".csi", ".bai", ".crai", ".gzi")
"""Index files htslib looks for beside an input (`x.vcf.gz.tbi`, and `x.bai` for `x.bam`)."""
_DESCRIPTOR = re.compile(r"^/(?:dev|proc/[^/]+)/fd/\d+$|^/dev/std(?:in|out|err)$")


@dataclass(frozen=True)
class Target:
    """Where one output goes. `kind`: 'stdout', 'direct' (device, FIFO, descriptor) or 'file' (written
    atomically at `path`, the real path behind any symlink)."""

    destination: str
    kind: str
    path: str


def _descriptor(destination: str) -> str | None:
    """The descriptor path (/dev/stdout, /dev/fd/N, /proc/self/fd/N ...) that `destination` is or
    leads to through symlinks, or None."""
    path = os.path.abspath(destination)
    for _ in range(40):
        if _DESCRIPTOR.match(path):
            return path
        try:
            link = os.readlink(path)
        except OSError:
            return None
        path = os.path.normpath(os.path.join(os.path.dirname(path), link))
    return None


def target(destination: str) -> Target:
    """How `destination` is written; `InputError` for a folder, a block device, a symlink loop or a
    path that cannot be reached."""
    if destination == STDOUT:
        return Target(destination, "stdout", STDOUT)
    if _descriptor(destination) is not None:
        return Target(destination, "direct", destination)
    try:
        st = os.stat(destination)
    except FileNotFoundError:
        real = os.path.realpath(destination)  # a dangling symlink: its target is created
        folder = os.path.dirname(real) or "."
        if not os.path.isdir(folder):
            raise InputError(destination, f"cannot write the output: folder {folder} does not exist") from None
        return Target(destination, "file", real)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(destination, "cannot write the output: a symlink loop") from None
        if exc.errno == errno.ENOTDIR:
            raise InputError(destination, "cannot write the output: a part of the path is not a folder") from None
        raise InputError(destination, f"cannot write the output ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(destination, "cannot write the output: it is a directory")
    if stat.S_ISBLK(st.st_mode):
        raise InputError(destination, "cannot write the output: it is a block device")
    if stat.S_ISREG(st.st_mode):
        return Target(destination, "file", os.path.realpath(destination))
    return Target(destination, "direct", destination)  # character device, FIFO, socket


def index_paths(path: str) -> list[str]:
    """The index files htslib would use for `path`: `path.tbi` ... and `x.bai` / `x.crai` / `x.csi` for `x.bam`."""
    stem, dot, _ = path.rpartition(".")
    found = [path + suffix for suffix in INDEX_SUFFIXES]
    if dot and os.sep not in path[len(stem) :]:
        found += [stem + suffix for suffix in (".bai", ".crai", ".csi")]
    return found


@dataclass
class Protected:
    """Files and folders no output may replace: the run's inputs with their indexes, and folders such
    as the knowledge base (anything inside them)."""

    files: dict[str, str] = field(default_factory=dict)
    """real path → what an output there would be ('also an input', 'also the index of the input ...')"""
    inodes: dict[tuple[int, int], str] = field(default_factory=dict)
    folders: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, inputs: Iterable[str | Path | None], folders: Iterable[tuple[str | Path | None, str]] = ()
    ) -> Protected:
        """`inputs`: paths ('-' and None skipped); `folders`: (folder, what it is), e.g.
        (kb, 'the knowledge-base folder')."""
        protected = cls()
        for src in inputs:
            if src is None or str(src) in ("", STDOUT):
                continue
            protected.add(str(src), "also an input")
            for index in index_paths(str(src)):
                protected.add(index, f"also the index of the input {src}")
        for folder, what in folders:
            if folder is not None:
                protected.folders[os.path.realpath(folder)] = what
        return protected

    def add(self, path: str, what: str) -> None:
        self.files.setdefault(os.path.realpath(path), what)
        try:
            st = os.stat(path)
        except OSError:
            return
        if stat.S_ISREG(st.st_mode):
            self.inodes.setdefault((st.st_dev, st.st_ino), what)

    def reason(self, destination: str, real: str | None = None, exists: bool = True) -> str | None:
        """What `destination` would overwrite, or None when it may be written. `real`: its real path
        when the caller knows it; `exists=False`: the caller knows there is no file there yet."""
        if destination == STDOUT:
            return None
        real = real or os.path.realpath(destination)
        if real in self.files:
            return self.files[real]
        if exists:
            try:
                st = os.stat(destination)
                if (st.st_dev, st.st_ino) in self.inodes:
                    return self.inodes[(st.st_dev, st.st_ino)]
            except OSError:
                pass
        for folder, what in self.folders.items():
            if real == folder or real.startswith(folder.rstrip(os.sep) + os.sep):
                return f"inside {what} {folder}"
        return None

    def refuse(self, destination: str) -> None:
        what = self.reason(destination)
        if what is not None:
            raise InputError(destination, f"the output path is {what}; refusing to overwrite it")


def check_writable(
    destination: str, inputs: Iterable[str | Path | None] = (), protected: Protected | None = None
) -> Target:
    """Refuse, before any work, an output that is an input (or an input's index, or inside a protected
    folder) or that cannot be written; return where it goes."""
    where = target(destination)
    if where.kind == "stdout":
        return where
    (protected or Protected.of(inputs)).refuse(destination)
    if where.kind == "file":
        folder = os.path.dirname(where.path) or "."
        if not os.access(folder, os.W_OK):
            raise InputError(destination, f"cannot write the output: folder {folder} is not writable")
    return where


def check_outputs(
    destinations: dict[str, str],
    inputs: Iterable[str | Path | None] = (),
    folders: Iterable[tuple[str | Path | None, str]] = (),
) -> None:
    """Check every output of one run (option → path) before any work: at most one is standard output
    (`/dev/stdout` counts), no two name the same file, and each passes `check_writable`."""
    on_stdout = [option for option, path in destinations.items() if is_stdout(path)]
    if len(on_stdout) > 1:
        hint = " (-o defaults to standard output: give it a file)" if "-o" in on_stdout else ""
        raise UsageError(f"only one output can be standard output ('-'), not {' and '.join(on_stdout)}{hint}")
    protected = Protected.of(list(inputs), folders)
    seen: dict[Any, str] = {}
    for option, path in destinations.items():
        where = check_writable(path, protected=protected)
        if where.kind != "file":
            continue
        try:
            st = os.stat(where.path)
            key: Any = (st.st_dev, st.st_ino)
        except OSError:
            key = where.path
        if key in seen:
            raise UsageError(f"{seen[key]} and {option} name the same file {path}")
        seen[key] = option


def is_stdout(destination: str) -> bool:
    """'-', or a path that names this process's descriptor 1 (/dev/stdout, /dev/fd/1, /proc/self/fd/1)."""
    if destination == STDOUT:
        return True
    found = _descriptor(destination)
    return found is not None and bool(re.match(rf"^/dev/stdout$|^/(?:dev|proc/(?:self|{os.getpid()}))/fd/1$", found))
