"""Bad input on the command line: a Swedish message naming the file, exit status 1 or 2, never
a traceback or "internt fel" (QA findings on `kls validera`, `bygg`, `revision`, `lagrum`, `importera`)."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from helpers import write, write_doc
from kls.cli import main

PER = ["--per", "2026-11-23"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """`kls ARGV` in-process: exit status, stdout, stderr (argparse errors included)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert "internt fel" not in out.err
    return code, out.out, out.err


@pytest.fixture
def linked(project, monkeypatch):
    """Three documents: a.md links to b.md; c.md (another area) has a wrong owner."""
    monkeypatch.chdir(project)
    body = 'Se {{ dok("IFO-RUT-902") }}.\n\nText enligt 19 kap. 1 § socialtjänstlagen (2025:400).\n'
    write_doc(project, "rutiner/barn-och-unga/a.md", body, title="A", id="IFO-RUT-901", relaterade=["IFO-RUT-902"])
    write_doc(project, "rutiner/barn-och-unga/b.md", title="B", id="IFO-RUT-902")
    write_doc(project, "rutiner/missbruk/c.md", title="C", id="IFO-RUT-903", ägare="Anna Andersson")
    return project


def test_named_file_is_checked_against_the_whole_corpus(linked, capsys):
    code, out, err = run(capsys, "validera", *PER, "docs/rutiner/barn-och-unga/a.md")
    assert (code, out) == (0, "")
    assert "1 fil kontrollerad: 0 fel" in err


def test_only_problems_in_named_files_are_reported(linked, capsys):
    code, out, _err = run(capsys, "validera", *PER, "docs/rutiner/missbruk/c.md")
    assert code == 1 and "ägaren 'Anna Andersson' finns inte" in out
    write_doc(linked, "rutiner/barn-och-unga/d.md", title="D", id="IFO-RUT-901")  # duplicate of a.md's id
    code, out, err = run(capsys, "validera", *PER, "docs/rutiner/barn-och-unga/b.md")
    assert (code, out) == (0, "") and "1 fil kontrollerad" in err
    code, out, _err = run(capsys, "validera", *PER, "docs/rutiner/barn-och-unga/d.md")
    assert code == 1 and out.startswith("docs/rutiner/barn-och-unga/d.md:") and "IFO-RUT-901" in out


def test_a_folder_checks_every_document_under_it(linked, capsys):
    code, out, err = run(capsys, "validera", *PER, "docs/rutiner/barn-och-unga")
    assert (code, out) == (0, "") and "2 filer kontrollerade: 0 fel" in err
    code, out, err = run(capsys, "validera", *PER, "docs/rutiner")
    assert code == 1 and "3 filer kontrollerade: 1 fel" in err
    assert out.startswith("docs/rutiner/missbruk/c.md:")


def test_missing_named_file(linked, capsys):
    code, _out, err = run(capsys, "validera", "docs/rutiner/finns-inte.md")
    assert code == 2 and "finns inte: docs/rutiner/finns-inte.md" in err


@pytest.mark.parametrize("command", ["validera", "lagrum"])
def test_paths_outside_docs_are_refused(linked, capsys, tmp_path, command):
    copy = tmp_path / "kopia.md"
    shutil.copy(linked / "docs/rutiner/barn-och-unga/a.md", copy)
    for path in (str(copy), "kls.yml"):
        code, _out, err = run(capsys, command, path)
        assert code == 2, err
        assert "ligger inte under dokumentmappen docs/" in err


@pytest.mark.parametrize("argv", [["validera"], ["revision"], ["lagrum"]])
def test_missing_docs_folder(project, capsys, monkeypatch, argv):
    monkeypatch.chdir(project)
    shutil.rmtree(project / "docs")
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert "docs/ finns inte" in err


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_out_of_range_dates(project, capsys, monkeypatch, date):
    monkeypatch.chdir(project)
    code, _out, err = run(capsys, "revision", "--per", date)
    assert code == 2 and f"datumet '{date}' ligger utanför" in err


def test_bygg_output_that_is_a_file(project, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(project)
    existing = write(tmp_path, "fil.txt", "x")
    code, _out, err = run(capsys, "bygg", "--utdata", str(existing))
    assert code == 2 and "finns redan och är ingen mapp" in err
    code, _out, err = run(capsys, "bygg", "--utdata", str(existing / "under"))
    assert code == 2 and "kan inte använda mappen" in err and "en del av sökvägen är en fil" in err


def test_revision_output_errors_are_swedish(project, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(project)
    code, _out, err = run(capsys, "revision", "--utdata", str(tmp_path))
    assert code == 2 and "är en mapp; ange en fil" in err
    if Path("/proc/self").is_dir():  # Linux: /proc exists but no file can be created in it
        code, _out, err = run(capsys, "revision", "--utdata", "/proc/r.csv")
        assert code == 2 and "kan inte skriva '/proc/r.csv': filen eller mappen finns inte" in err


def test_os_error_in_a_command_is_swedish(project, capsys, monkeypatch):
    import kls.revision_cli

    def full_disk(args, config):
        raise OSError(errno.ENOSPC, "No space left on device", "/tmp/revision.csv")

    monkeypatch.chdir(project)
    monkeypatch.setattr(kls.revision_cli, "run", full_disk)
    code, _out, err = run(capsys, "revision")
    assert code == 1
    assert "kan inte läsa eller skriva '/tmp/revision.csv': det finns inget utrymme kvar på disken" in err


def test_os_error_sv():
    from kls.errors import os_error_sv

    assert os_error_sv(FileNotFoundError(errno.ENOENT, "No such file or directory")) == "filen eller mappen finns inte"
    assert os_error_sv(PermissionError(errno.EACCES, "Permission denied")) == "behörighet saknas"
    assert os_error_sv(OSError(errno.EROFS, "Read-only file system")) == "filsystemet är skrivskyddat"
    assert os_error_sv(OSError(errno.EIO, "Input/output error")) == "Input/output error"


def test_import_where_every_file_fails(project, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(project)
    source = tmp_path / "word"
    write(source, "skadad.docx", b"\x8a\x01 inte en zip-fil " * 50)
    write(source, "tom.docx", b"")
    code, out, err = run(capsys, "importera", str(source))
    assert code == 1
    assert "Kan inte konverteras:   2" in out and "inget dokument kunde importeras" in err


def test_bygg_never_replaces_a_folder_that_is_not_a_site(project, monkeypatch, capsys, tmp_path):
    """`kls bygg --utdata ~` would otherwise swap out and delete a folder that happens to be
    called `intern` or `publik`."""
    monkeypatch.chdir(project)
    out = tmp_path / "hem"
    (out / "intern").mkdir(parents=True)
    (out / "intern" / "viktigt.txt").write_text("mina anteckningar", encoding="utf-8")
    assert main(["bygg", "--utdata", str(out)]) == 2
    err = capsys.readouterr().err
    assert "är ingen webbplats från kls bygg" in err and "Traceback" not in err
    assert (out / "intern" / "viktigt.txt").read_text(encoding="utf-8") == "mina anteckningar"
    assert main(["bygg", "--utdata", str(project / "docs" / "ut")]) == 2
    assert "ligger i dokumentmappen docs/" in capsys.readouterr().err
    assert main(["bygg", "--utdata", str(tmp_path / "ny")]) == 0
    assert main(["bygg", "--utdata", str(tmp_path / "ny")]) == 0  # its own earlier build is replaced


def test_validating_a_page_counts_it(project, monkeypatch, capsys):
    """A page outside the document types (docs/om/…) is a file checked too, not '0 dokument'."""
    monkeypatch.chdir(project)
    assert main(["validera", "docs/om/ledningssystemet.md"]) == 0
    assert "1 fil kontrollerad: 0 fel, 0 varningar." in capsys.readouterr().err
