"""`kls validera`: every bad input is reported with file and line; good input passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import doc_text, write, write_doc
from kls.cli import main
from kls.corpus import load_corpus
from kls.validate import validate

REL = "rutiner/barn-och-unga/testrutin.md"
PATH = f"docs/{REL}"


def problems(config, today):
    return [p.format() for p in validate(load_corpus(config), today)]


def only(config, today):
    found = problems(config, today)
    return found


def test_good_document_passes(project, config, today):
    write_doc(project, REL, title="Testrutin", id="IFO-RUT-901", publicering="extern")
    assert problems(config, today) == []


def test_yaml_syntax_error_has_line(project, config, today):
    text = doc_text(title="Testrutin", id="IFO-RUT-901").replace("version: '1.0'", "version: [1.0")
    write(project / "docs", REL, text)
    found = problems(config, today)
    assert len(found) == 1
    assert found[0].startswith(f"{PATH}:")
    assert "ogiltig YAML" in found[0]
    line = int(found[0].split(":")[1])
    assert 8 <= line <= 10


@pytest.mark.parametrize("key", ["title", "id", "ägare", "område", "fastställd"])
def test_missing_required_key(project, config, today, key):
    meta = {"title": "Testrutin", "id": "IFO-RUT-901", key: None}
    write_doc(project, REL, **meta)
    if key == "område":  # the folder would supply it in write_doc; remove explicitly
        text = (project / "docs" / REL).read_text(encoding="utf-8").replace("område: barn-och-unga\n", "")
        write(project / "docs", REL, text)
    found = problems(config, today)
    assert any(f"obligatorisk nyckel '{key}' saknas" in p and p.startswith(f"{PATH}:1:") for p in found), found


def test_empty_title(project, config, today):
    write_doc(project, REL, title="  ", id="IFO-RUT-901")
    assert any("'title' får inte vara tom" in p for p in problems(config, today))


def test_unknown_key_warns_with_suggestion(project, config, today):
    text = doc_text(title="Testrutin", id="IFO-RUT-901").replace("ägare:", "agare:")
    write(project / "docs", REL, text)
    found = problems(config, today)
    warning = [p for p in found if "okänd nyckel 'agare'" in p]
    assert warning and ": varning: " in warning[0] and "Menade du 'ägare'?" in warning[0]
    assert warning[0].startswith(f"{PATH}:6:")
    assert any("obligatorisk nyckel 'ägare' saknas" in p for p in found)


def test_wrong_types(project, config, today):
    write_doc(project, REL, title="Testrutin", id="IFO-RUT-901", lagrum="19 kap. 1 § socialtjänstlagen (2025:400)")
    found = problems(config, today)
    assert any("'lagrum' ska vara lista, inte text" in p for p in found), found


@pytest.mark.parametrize("quoted", [True, False])
def test_impossible_date(project, config, today, quoted):
    value = '"2026-13-01"' if quoted else "2026-13-01"
    text = doc_text(title="Testrutin", id="IFO-RUT-901").replace("fastställd: '2025-09-01'", f"fastställd: {value}")
    write(project / "docs", REL, text)
    found = problems(config, today)
    assert any("'fastställd' har ett ogiltigt datum '2026-13-01'" in p and p.startswith(f"{PATH}:7:") for p in found), found


def test_unquoted_and_quoted_dates_both_work(project, config, today):
    text = doc_text(title="Testrutin", id="IFO-RUT-901").replace("fastställd: '2025-09-01'", "fastställd: 2025-09-01")
    write(project / "docs", REL, text)
    write_doc(project, "rutiner/barn-och-unga/annan.md", title="Annan", id="IFO-RUT-902", fastställd="2025-09-01")
    assert problems(config, today) == []
    corpus = load_corpus(config)
    assert {str(d.due.date) for d in corpus.documents} == {"2026-09-01"}


def test_future_approval(project, config, today):
    write_doc(project, REL, title="Testrutin", id="IFO-RUT-901", fastställd="2027-01-01")
    assert any("ligger i framtiden" in p for p in problems(config, today))


def test_type_folder_mismatch(project, config, today):
    write_doc(project, REL, title="Testrutin", id="IFO-RUT-901", dokumenttyp="riktlinje")
    found = problems(config, today)
    assert any("dokumenttyp 'riktlinje' stämmer inte med mappen 'rutiner/'" in p and p.startswith(f"{PATH}:4:") for p in found), (
        found
    )


def test_unknown_area(project, config, today):
    write_doc(project, "rutiner/barn-och-unga/x.md", title="X", id="IFO-RUT-901", område="barn-och-ung")
    found = problems(config, today)
    assert any("okänt område 'barn-och-ung'" in p and "Menade du 'barn-och-unga'?" in p for p in found), found


def test_area_folder_mismatch(project, config, today):
    write_doc(project, "rutiner/missbruk/x.md", title="X", id="IFO-RUT-901", område="barn-och-unga")
    assert any("stämmer inte med mappen 'missbruk/'" in p for p in problems(config, today))


def test_unknown_owner(project, config, today):
    write_doc(project, REL, title="X", id="IFO-RUT-901", ägare="Anna Andersson")
    assert any("ägaren 'Anna Andersson' finns inte i kls.yml" in p for p in problems(config, today))


def test_duplicate_ids_name_both_files(project, config, today):
    write_doc(project, "rutiner/barn-och-unga/a.md", title="A", id="IFO-RUT-901")
    write_doc(project, "rutiner/barn-och-unga/b.md", title="B", id="IFO-RUT-901")
    found = problems(config, today)
    dup = [p for p in found if "används redan" in p]
    assert dup == ["docs/rutiner/barn-och-unga/b.md:3: fel: id 'IFO-RUT-901' används redan av docs/rutiner/barn-och-unga/a.md:3"]


def test_related_must_exist(project, config, today):
    write_doc(project, REL, title="X", id="IFO-RUT-901", relaterade=["IFO-RUT-999"])
    assert any("'relaterade' pekar på 'IFO-RUT-999' som inte finns" in p for p in problems(config, today))


def test_dok_macro_unknown_id_has_line(project, config, today):
    write_doc(project, REL, body='## Syfte\n\nText.\n\nSe {{ dok("IFO-RUT-404") }}.\n', title="X", id="IFO-RUT-901")
    found = problems(config, today)
    assert any(p.startswith(f"{PATH}:19:") and "IFO-RUT-404" in p for p in found), found


def test_public_may_not_point_at_internal(project, config, today):
    write_doc(
        project, "rutiner/barn-och-unga/a.md", title="A", id="IFO-RUT-901", publicering="extern", relaterade=["IFO-RUT-902"]
    )
    write_doc(project, "rutiner/barn-och-unga/b.md", title="B", id="IFO-RUT-902")
    assert any("som är internt" in p for p in problems(config, today))


def test_not_utf8(project, config, today):
    text = doc_text(title="Ärende", id="IFO-RUT-901").encode("latin-1")
    write(project / "docs", REL, text)
    found = problems(config, today)
    assert len(found) == 1 and "inte sparad som UTF-8" in found[0] and found[0].startswith(f"{PATH}:2:"), found


def test_empty_file(project, config, today):
    write(project / "docs", REL, "")
    assert problems(config, today) == [f"{PATH}:1: fel: filen är tom"]


def test_bom_and_crlf_are_accepted(project, config, today):
    text = doc_text(title="Testrutin", id="IFO-RUT-901").replace("\n", "\r\n")
    write(project / "docs", REL, b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert problems(config, today) == []


def test_tabs_in_yaml(project, config, today):
    text = doc_text(title="Testrutin", id="IFO-RUT-901").replace("- 19 kap.", "\t- 19 kap.")
    write(project / "docs", REL, text)
    found = problems(config, today)
    assert len(found) == 1 and "tabbtecken" in found[0], found
    assert found[0].startswith(f"{PATH}:11:")


def test_alias_bomb_refused(project, config, today):
    bomb = "---\ntitle: X\na: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n---\n"
    write(project / "docs", REL, bomb)
    found = problems(config, today)
    assert len(found) == 1 and "alias" in found[0], found


def test_unterminated_front_matter(project, config, today):
    write(project / "docs", REL, "---\ntitle: X\n\nText utan slut\n")
    assert problems(config, today) == [f"{PATH}:1: fel: front matter inleds med '---' men avslutas aldrig med '---'"]


def test_missing_front_matter(project, config, today):
    write(project / "docs", REL, "## Syfte\n\nBara text.\n")
    assert problems(config, today) == [f"{PATH}:1: fel: front matter saknas (filen ska börja med '---')"]


def test_cli_exit_status_and_format(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    write_doc(project, REL, title="Testrutin", id="IFO-RUT-901")
    assert main(["validera", "--per", "2026-11-23"]) == 0
    write_doc(project, "rutiner/barn-och-unga/b.md", title="B", id="IFO-RUT-901")
    assert main(["validera", "--per", "2026-11-23"]) == 1
    out = capsys.readouterr()
    assert f"{PATH}:3: fel: id 'IFO-RUT-901' används redan av docs/rutiner/barn-och-unga/b.md:3" in out.out
    assert "Traceback" not in out.out + out.err


def test_repo_content_is_valid(today):
    from kls.config import load_config

    repo = Path(__file__).resolve().parent.parent
    config = load_config(repo)
    errors = [p.format() for p in validate(load_corpus(config), today) if p.is_error]
    assert errors == []


def test_missing_version_and_approver_are_warnings(project, config, today):
    """The writing guide asks for both; an imported Word document may lack them, so a warning."""
    write_doc(project, REL, title="Testrutin", id="IFO-RUT-901", version=None, fastställd_av=None)
    found = problems(config, today)
    assert f"{PATH}:1: varning: 'fastställd_av' saknas; skriv till exempel 'fastställd_av: Enhetschef IFO'" in found
    assert f"{PATH}:1: varning: 'version' saknas; skriv till exempel 'version: \"1.0\"'" in found
    assert not [p for p in found if ": fel: " in p]


def test_unreadable_file_is_explained_in_swedish(project, config, today, monkeypatch):
    import errno
    from pathlib import Path

    path = write_doc(project, REL, title="Testrutin", id="IFO-RUT-901")
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert f"{PATH}:1: fel: filen kan inte läsas: behörighet saknas" in problems(config, today)


def test_cli_reports_symlinks_and_loose_files(project, monkeypatch, capsys, tmp_path):
    """`kls validera` runs kls.docs_files' checks (registered in CHECKS)."""
    monkeypatch.chdir(project)
    secret = tmp_path / "hemlig.txt"
    secret.write_text("HEMLIG", encoding="utf-8")
    (project / "docs" / "assets" / "info.txt").symlink_to(secret)
    write(project / "docs", "rutiner/barn-och-unga/klientlista.csv", "namn;nummer\n")
    assert main(["validera"]) == 1
    out = capsys.readouterr().out
    assert "docs/assets/info.txt:1: fel: 'docs/assets/info.txt' är en symbolisk länk" in out
    assert "docs/rutiner/barn-och-unga/klientlista.csv:1: varning:" in out


def test_law_check_in_forked_processes_finds_what_one_process_finds(tmp_path, today, monkeypatch):
    """From 200 documents the law references are checked in forked processes (kls.validate);
    the problems must be those of a check in this process, and a failed fork is made up for."""
    from kls.config import load_config
    from kls.corpus_gen import generate
    from kls.lagrum import parallel

    generate(tmp_path, 240, seed=4)
    monkeypatch.setenv("KLS_UTAN_CACHE", "1")  # every share checked anew, not taken from the cache
    corpus = load_corpus(load_config(tmp_path))
    forks = []
    real_fork = parallel.fork_work
    monkeypatch.setattr(parallel, "fork_work", lambda work: forks.append(1) or real_fork(work))
    monkeypatch.setattr(parallel, "default_workers", lambda count: 2)
    forked = validate(corpus, today)
    assert len(forks) == 2
    assert sum(1 for p in forked if p.message.startswith("lagrum ")) > 100  # the generator writes law problems
    monkeypatch.setattr(parallel, "fork_work", lambda work: None)  # forking fails: all done here
    assert validate(corpus, today) == forked
    monkeypatch.setattr(parallel, "default_workers", lambda count: 1)
    assert validate(corpus, today) == forked
