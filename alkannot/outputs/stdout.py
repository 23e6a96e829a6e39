"""Standard output: bytes (UTF-8, whatever the locale); a full disk, a reader that went away or a closed
standard output is an `InputError` (exit 2, one line), never a report silently lost."""

from __future__ import annotations

import errno
import os
import sys

from ..errors import InputError

STDOUT_NAME = "standard output"
_stdout_closed = False


def guard_standard_streams() -> None:
    """At start-up: a closed standard output is remembered (writing to it is then an error) and its
    descriptor taken by /dev/null, so that no file opened later becomes descriptor 1."""
    global _stdout_closed
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            if fd == 1:
                _stdout_closed = True
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)


def _stdout_failed(exc: OSError | None, what: str) -> InputError:
    """The error for a failed write to standard output; later writes (Python's own flush at exit) go
    to /dev/null, so that the one line stays one line."""
    if exc is not None and sys.stdout is sys.__stdout__:
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.close(null)
        except OSError:
            pass
    if exc is not None and exc.errno in (errno.EPIPE, errno.ECONNRESET):
        return InputError(STDOUT_NAME, f"cannot write the {what}: the reader closed the pipe")
    detail = f" ({exc.strerror or exc})" if exc is not None else ": it is closed"
    return InputError(STDOUT_NAME, f"cannot write the {what}{detail}")


def write_stdout(data: bytes, what: str = "output") -> None:
    """`data` on standard output, as bytes: an error there is an `InputError` (exit 2)."""
    stream = sys.stdout
    if _stdout_closed or stream is None:
        raise _stdout_failed(None, what)
    try:
        stream.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a text-only stream (a test runner's capture)
            stream.write(data.decode("utf-8"))
            stream.flush()
        else:
            buffer.write(data)
            buffer.flush()
    except (BrokenPipeError, ConnectionResetError) as exc:
        raise _stdout_failed(exc, what) from None
    except OSError as exc:
        raise _stdout_failed(exc, what) from None
    except ValueError:  # closed
        raise _stdout_failed(None, what) from None


def stdout_error(exc: OSError) -> InputError | None:
    """The error to report when `exc` is standard output refusing printed text (click.echo onto a
    full disk, to a reader that went away), else None (a bug: exit 1)."""
    if exc.errno not in (errno.ENOSPC, errno.EPIPE, errno.ECONNRESET, errno.EIO, errno.EFBIG, errno.EDQUOT):
        return None
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_name == "echo" and f"{os.sep}click{os.sep}" in code.co_filename:
            return _stdout_failed(exc, "output")
        tb = tb.tb_next
    return None


def flush_stdout() -> None:
    """Flush what was printed on standard output; a failure is an `InputError` (exit 2)."""
    stream = sys.stdout
    if stream is None or _stdout_closed:
        return
    try:
        stream.flush()
    except OSError as exc:
        raise _stdout_failed(exc, "output") from None
    except ValueError:
        pass
