"""`kls bygg`: validate, then build both sites with MkDocs into temporary folders and swap
them in only when every build succeeded, so a failed build never replaces a good site.

Safe publishing, also when the build is interrupted:
- one build at a time per output folder (a lock file), so a second build cannot delete the
  first one's temporary folders;
- temporary folders sit next to the target (same file system) and leftovers from a killed
  build are removed by the next one;
- the MkDocs processes die with `kls bygg` (parent-death signal on Linux; SIGTERM/SIGHUP are
  turned into a clean stop that kills them and removes the temporary folders);
- on Linux the two builds are forked from `kls bygg` itself rather than started as new Python
  processes: they inherit the modules the check imported and the documents it has just read and
  checked, instead of importing and parsing them again (issue 5; KLS_BYGG_STARTA_NY=1 starts new
  processes). Nothing more is imported before forking: that would run on one core what the two
  builds otherwise do at the same time on two;
- a finished site is swapped in with one atomic directory exchange (Linux `renameat2`), or
  two renames where that is not available; an interrupted two-rename swap is undone by
  `recover` at the start of the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn

from kls.build_cache import cache_dir, prune
from kls.config import Config
from kls.corpus import Corpus, load_corpus
from kls.errors import KlsError
from kls.search_index import OUTPUT as SEARCH_OUTPUT
from kls.search_index import SPLIT_ENV
from kls.site import DATE_ENV, PUBLIC, SITE_ENV, SITES, STAFF, hand_over_corpus
from kls.validate import validate


@dataclass
class BuildResult:
    site: str
    path: Path
    seconds: float


def mkdocs_command(config: Config, site_dir: Path, extra: list[str] | None = None) -> list[str]:
    """The `mkdocs build` command line used for one site."""
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(config.root / "mkdocs.yml"),
        "--site-dir",
        str(site_dir),
        *(extra or []),
    ]


def site_env(site: str, build_date: dt.date) -> dict[str, str]:
    env = dict(os.environ)
    env[SITE_ENV] = site
    env[DATE_ENV] = build_date.isoformat()
    env.setdefault("PYTHONIOENCODING", "utf-8")
    # Material 9.8 prints an English end-of-life notice on every run (README, "Beroenden och varför")
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return env


def recover(target: Path) -> None:
    """Undo an interrupted swap: if only the previous site remains, put it back."""
    old = target.with_name(f".{target.name}.gammal")
    if not target.exists() and old.exists():
        old.rename(target)
    elif old.exists():
        shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def swap_in(new: Path, target: Path, remove: Callable[[Path], None] | None = None) -> None:
    """Replace `target` with `new`: one atomic exchange where possible, else two renames.
    The previous site is deleted by `remove` (default: at once)."""
    remove = remove or (lambda path: shutil.rmtree(path, ignore_errors=True))
    old = target.with_name(f".{target.name}.gammal")
    if old.exists():
        shutil.rmtree(old)
    if target.is_dir() and not target.is_symlink() and _exchange(new, target):
        remove(new)  # `new` now holds the previous site
        return
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        remove(old)


def remove_leftovers(parent: Path, sites: tuple[str, ...]) -> None:
    """Delete temporary folders that a killed build left behind (call with the lock held)."""
    for site in sites:
        for leftover in parent.glob(f".{site}.bygg-*"):
            shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def build_lock(parent: Path) -> Iterator[None]:
    """Hold an exclusive lock on `parent/.kls-bygg.lock` for the duration of one build."""
    parent.mkdir(parents=True, exist_ok=True)
    handle = open(parent / ".kls-bygg.lock", "a+")  # noqa: SIM115 - held for the whole block
    try:
        try:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - not on POSIX: no lock
            pass
        except OSError:
            raise KlsError(f"En annan byggning pågår redan i {parent}; vänta tills den är klar.") from None
        yield
    finally:
        handle.close()


class _Stopped(Exception):
    """Raised from a SIGTERM/SIGHUP handler so that clean-up code runs."""


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception (main thread only) for the block's duration."""
    if os.name != "posix":
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Stopped(signum)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Ask Linux to SIGKILL the MkDocs child if `kls bygg` dies (even by SIGKILL)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


NEW_PROCESS_ENV = "KLS_BYGG_STARTA_NY"  # "1": start each site build as a new Python process, never fork


def can_fork() -> bool:
    """Whether site builds are forked from this process: on Linux, unless KLS_BYGG_STARTA_NY=1 or
    another thread runs (a lock it holds at the fork would stay locked in the child forever)."""
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and os.environ.get(NEW_PROCESS_ENV) != "1"
        and threading.active_count() == 1
    )


class _Forked:
    """A site build forked from this process, with the parts of `subprocess.Popen` used here."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self) -> int:
        if self.returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)


def _fork_mkdocs(command: list[str], cwd: Path, env: dict[str, str], log: IO[bytes]) -> _Forked:
    """Run `command` (`python -m mkdocs …`) in a forked child: the same program as the new
    process `subprocess.Popen` would start, with the modules this process has imported."""
    parent = os.getpid()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its effects are tested through the builds
        _run_forked(command[3:], cwd, env, log, parent)
    return _Forked(pid)


def _run_forked(args: list[str], cwd: Path, env: dict[str, str], log: IO[bytes], parent: int) -> NoReturn:  # pragma: no cover
    """The forked child: `mkdocs ARGS` as `python -m mkdocs` would run it (output to `log`, the
    site's environment, the default signal handlers), then exit with its status, never returning."""
    code = 1
    try:
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(signum, signal.SIG_DFL)
        _die_with_parent()
        if os.getppid() != parent:  # the parent died before the death signal was set
            os._exit(1)
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1)  # noqa: SIM115
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        import mkdocs.__main__

        sys.argv = [mkdocs.__main__.__file__, *args]
        mkdocs.__main__.cli.main(args=args, prog_name="mkdocs")  # always ends in SystemExit
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


REQUIRED_FILES = ("index.html", "404.html", "sitemap.xml")


def incomplete(site_dir: Path) -> list[str]:
    """Files every finished site has that are missing from `site_dir`."""
    return [name for name in REQUIRED_FILES if not (site_dir / name).is_file()]


def check_before_build(config: Config, today: dt.date, corpus: Corpus | None = None) -> list[str]:
    """Validation messages; raises KlsError when any is an error."""
    problems = validate(corpus if corpus is not None else load_corpus(config), today)
    errors = [p for p in problems if p.is_error]
    if errors:
        listing = "\n".join(p.format() for p in problems)
        raise KlsError(f"{listing}\nBygget avbröts: {len(errors)} fel måste rättas först (kör 'kls validera').")
    return [p.format() for p in problems]


def build_sites(
    config: Config,
    out_dir: Path,
    today: dt.date,
    sites: tuple[str, ...] = SITES,
    targets: dict[str, Path] | None = None,
    corpus: Corpus | None = None,
) -> list[BuildResult]:
    """Build the given sites in parallel; swap all in only if all succeeded. `corpus`: the
    documents as just validated, for forked builds to use unless a file has changed since."""
    targets = targets or {site: out_dir / site for site in sites}
    parents = sorted({t.parent for t in targets.values()})
    with contextlib.ExitStack() as stack:
        for parent in parents:
            stack.enter_context(build_lock(parent))
        stack.enter_context(stop_on_signals())
        try:
            return _build_locked(config, today, sites, targets, corpus)
        except _Stopped:
            raise KlsError("Bygget avbröts av en signal; den tidigare byggda webbplatsen lämnades orörd.") from None


def _build_locked(
    config: Config, today: dt.date, sites: tuple[str, ...], targets: dict[str, Path], corpus: Corpus | None
) -> list[BuildResult]:
    import time

    fork = can_fork()
    if fork and corpus is not None:
        hand_over_corpus(corpus)

    for site, target in targets.items():
        remove_leftovers(target.parent, (site,))
        recover(target)
    temps: dict[str, Path] = {}
    chores: list[threading.Thread] = []  # file-system work done while MkDocs builds (issue 5)
    procs: dict[str, subprocess.Popen[bytes] | _Forked] = {}
    logs: dict[str, IO[bytes]] = {}
    results: list[BuildResult] = []
    failures: list[str] = []
    try:
        for site in sites:
            temps[site] = Path(tempfile.mkdtemp(prefix=f".{site}.bygg-", dir=targets[site].parent))
        started = time.perf_counter()
        shared_search = PUBLIC in sites and STAFF in sites  # kls.search_index.STAFF_ONLY_OUTPUT
        for site in sites:
            env = site_env(site, today)
            if shared_search and site == STAFF:
                env[SPLIT_ENV] = "1"
            # Output goes to a file, not a pipe: a pipe read only after the other site finished
            # blocked the staff build once its log passed 64 kB (750 pages not in the nav).
            logs[site] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in finally
            if fork:
                procs[site] = _fork_mkdocs(mkdocs_command(config, temps[site]), config.root, env, logs[site])
                continue
            procs[site] = subprocess.Popen(
                mkdocs_command(config, temps[site]),
                cwd=config.root,
                env=env,
                stdout=logs[site],
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )
        chores.append(_start(prune, cache_dir(config.root)))  # cache entries unused for 30 days
        seconds: dict[str, float] = {}
        while len(seconds) < len(procs):  # each site's own time, whichever finishes first
            for site, proc in procs.items():
                if site not in seconds and proc.poll() is not None:
                    seconds[site] = time.perf_counter() - started
            if len(seconds) < len(procs):
                time.sleep(0.02)
        for site, proc in procs.items():
            logs[site].seek(0)
            output = logs[site].read().decode("utf-8", errors="replace")
            if proc.returncode != 0:
                failures.append(f"Webbplatsen '{site}' kunde inte byggas:\n{output.strip()}")
            elif missing := incomplete(temps[site]):
                failures.append(f"Webbplatsen '{site}' blev ofullständig (saknar {', '.join(missing)}).")
            else:
                results.append(BuildResult(site, targets[site], seconds[site]))
        if not failures and shared_search:  # the staff search = the public index + the staff-only one
            try:
                shutil.copytree(temps[PUBLIC] / SEARCH_OUTPUT, temps[STAFF] / SEARCH_OUTPUT, copy_function=_link_or_copy)
            except OSError as exc:
                failures.append(f"Sökindexet kunde inte kopieras till personalens webbplats: {exc}")
        if failures:
            raise KlsError("\n".join(failures) + "\nDen tidigare byggda webbplatsen lämnades orörd.")
        for site in sites:  # the previous sites are deleted side by side, after all swaps
            swap_in(temps[site], targets[site], lambda path: chores.append(_start(shutil.rmtree, path, True)))
        return results
    finally:
        for chore in chores:
            chore.join()
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        for log in logs.values():
            log.close()
        for temp in temps.values():
            if temp.exists():
                shutil.rmtree(temp, ignore_errors=True)


def _link_or_copy(source: str, target: str) -> None:
    """A hard link (same file system, no bytes copied; nothing ever writes into a built file), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _start(function: Callable[..., object], *args: object) -> threading.Thread:
    """Run `function(*args)` in a thread (file-system work that mostly waits for the kernel)."""
    thread = threading.Thread(target=function, args=args, daemon=True)
    thread.start()
    return thread


__all__ = ["BuildResult", "PUBLIC", "STAFF", "build_sites", "check_before_build", "mkdocs_command", "site_env"]
