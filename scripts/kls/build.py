"""`kls bygg`: validate, then build both sites with MkDocs into temporary folders and swap
them in only when every build succeeded, so a failed build never replaces a good site."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kls.config import Config
from kls.corpus import load_corpus
from kls.errors import KlsError
from kls.site import DATE_ENV, PUBLIC, SITE_ENV, SITES, STAFF
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
    return env


def recover(target: Path) -> None:
    """Undo an interrupted swap: if only the previous site remains, put it back."""
    old = target.with_name(f".{target.name}.gammal")
    if not target.exists() and old.exists():
        old.rename(target)
    elif old.exists():
        shutil.rmtree(old, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` with `new` using renames on the same file system."""
    old = target.with_name(f".{target.name}.gammal")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def check_before_build(config: Config, today: dt.date) -> list[str]:
    """Validation messages; raises KlsError when any is an error."""
    problems = validate(load_corpus(config), today)
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
) -> list[BuildResult]:
    """Build the given sites in parallel; swap all in only if all succeeded."""
    import time

    targets = targets or {site: out_dir / site for site in sites}
    for target in targets.values():
        target.parent.mkdir(parents=True, exist_ok=True)
        recover(target)
    temps = {site: Path(tempfile.mkdtemp(prefix=f".{site}.bygg-", dir=targets[site].parent)) for site in sites}
    started = time.perf_counter()
    procs = {
        site: subprocess.Popen(
            mkdocs_command(config, temps[site]),
            cwd=config.root,
            env=site_env(site, today),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        for site in sites
    }
    results: list[BuildResult] = []
    failures: list[str] = []
    try:
        for site, proc in procs.items():
            output, _ = proc.communicate()
            seconds = time.perf_counter() - started
            if proc.returncode != 0:
                failures.append(f"Webbplatsen '{site}' kunde inte byggas:\n{output.strip()}")
            else:
                results.append(BuildResult(site, targets[site], seconds))
        if failures:
            raise KlsError("\n".join(failures) + "\nDen tidigare byggda webbplatsen lämnades orörd.")
        for site in sites:
            swap_in(temps[site], targets[site])
        return results
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
        for temp in temps.values():
            if temp.exists():
                shutil.rmtree(temp, ignore_errors=True)


__all__ = ["BuildResult", "PUBLIC", "STAFF", "build_sites", "check_before_build", "mkdocs_command", "site_env"]
