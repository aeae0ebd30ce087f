"""Problems found in documents, and the error type the CLI turns into a clean exit."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

ERROR = "fel"
WARNING = "varning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, reported as `path:line: nivå: message`."""

    path: str
    line: int
    severity: str
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class KlsError(Exception):
    """An expected failure with a Swedish message for the user; the CLI exits non-zero."""


def display_path(path: Path, root: Path | None = None) -> str:
    """Path as shown to users: relative to `root` (or cwd) when possible, with forward slashes."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


class UsageError(KlsError):
    """Bad usage or configuration (a flag, a path, kls.yml): the CLI exits with status 2."""

    exit_code = 2


_OS_ERRORS_SV = {
    errno.ENOENT: "filen eller mappen finns inte",
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "behörighet saknas",
    errno.ENOSPC: "det finns inget utrymme kvar på disken",
    errno.EISDIR: "det är en mapp, inte en fil",
    errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp",
    errno.EEXIST: "finns redan",
    errno.EROFS: "filsystemet är skrivskyddat",
}


def os_error_sv(exc: OSError) -> str:
    """A short Swedish description of an operating-system error (English strerror as fallback)."""
    text = _OS_ERRORS_SV.get(exc.errno) if exc.errno is not None else None
    return text or exc.strerror or str(exc)
