"""Issue 14: what a hostile or careless source could still do. Each test runs the real command
(`archive build`, `archive check` or `mkdocs build`) as a subprocess on a temporary copy of the
archive: a clear one-line error, no traceback, no hang, and docs/ left exactly as it was.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import mkdocs_build
from hostile_support import ARCHIVE_CMD, TEXT, add, record_for, removed_block_lines, root, tree  # noqa: F401 (root is a fixture)

TIMEOUT = 60  # seconds: a command still running then has hung


def archive(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*ARCHIVE_CMD, "--root", str(root), *args], capture_output=True, text=True,
                          cwd=root, timeout=TIMEOUT)


def refuses(root: Path, *patterns: str, commands=("check", "build")) -> list[str]:
    """Each command must exit 1 with one-line problems matching every pattern, no traceback,
    and leave docs/ byte for byte as it was."""
    before = tree(root / "docs")
    for command in commands:
        result = archive(root, command)
        lines = result.stderr.splitlines()
        assert result.returncode == 1, (command, result.returncode, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr, result.stderr
        assert lines and re.fullmatch(r"archive: \d+ problem\(s\); docs/ was not changed", lines[-1]), lines
        for line in lines[:-1]:
            assert re.match(r"\S.*?: (line \d+|file|file name|folder|[\w.\[\]() -]+): \S", line), line
        for pattern in patterns:
            assert any(re.search(pattern, line) for line in lines), f"{pattern!r} not in:\n{result.stderr}"
    assert tree(root / "docs") == before, "docs/ must be left exactly as it was"
    return lines


def mkdocs_refuses(root: Path, fragment: str) -> None:
    result = subprocess.run([*mkdocs_cmd(root)], capture_output=True, text=True, timeout=TIMEOUT,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert fragment in result.stderr, result.stderr[-3000:]


def mkdocs_cmd(root: Path) -> list[str]:
    import sys
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),  # no -q: see conftest
            "-d", str(root / "site")]


# --- 1, 6: only regular files are sources ------------------------------------------------

@pytest.mark.build
def test_symlinked_article_is_refused_and_its_target_never_read(root, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("\n\n".join(TEXT), encoding="utf-8")
    add(root, "leak", TEXT)
    link = root / "sources/articles/leak.txt"
    link.unlink()
    link.symlink_to(secret)
    lines = refuses(root, r"^sources/articles/leak\.txt: file: is a symbolic link; only regular files are sources")
    assert not any(hashlib.sha256(secret.read_bytes()).hexdigest() in line for line in lines)
    mkdocs_refuses(root, "leak.txt: file: is a symbolic link")


@pytest.mark.build
def test_symlink_with_wrong_hash_does_not_print_the_targets_hash(root):
    add(root, "passwd", TEXT, source={"sha256": "0" * 64})
    link = root / "sources/articles/passwd.txt"
    link.unlink()
    link.symlink_to("/etc/passwd")
    lines = refuses(root, r"^sources/articles/passwd\.txt: file: is a symbolic link")
    target = hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest()
    assert not any(target in line for line in lines)


@pytest.mark.build
@pytest.mark.parametrize("where", ["docs/leak.md", "docs/assets/leak", "docs/articles/passwd.txt"])
def test_link_in_docs_is_refused(root, where):
    """docs/ is published as it is: MkDocs would copy a link's target into the site."""
    (root / where).symlink_to("/etc/passwd")
    result = archive(root, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{root / where}: file: is a symbolic link; docs/ holds only files and folders" in result.stderr
    mkdocs_refuses(root, "is a symbolic link; docs/ holds only files and folders")
    assert "root:" not in "".join(p.read_text(errors="replace") for p in (root / "site").rglob("*") if p.is_file()) \
        if (root / "site").exists() else True


@pytest.mark.build
@pytest.mark.parametrize("where", ["sources/extra", "sources/articles/more"])
def test_symlinked_folder_is_refused(root, tmp_path, where):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.yml").write_text("a: b\n", encoding="utf-8")
    (root / where).symlink_to(outside, target_is_directory=True)
    refuses(root, rf"^{re.escape(where)}: file: is a symbolic link; only regular files are sources")


@pytest.mark.build
def test_symlink_loop_is_refused(root):
    (root / "sources/articles/loop.txt").symlink_to("loop.txt")
    (root / "sources/loop").symlink_to("loop")
    refuses(root, r"^sources/articles/loop\.txt: file: is a symbolic link", r"^sources/loop: file: is a symbolic link")


@pytest.mark.build
def test_fifo_named_like_an_article_does_not_hang(root):
    add(root, "pipe")
    (root / "sources/articles/pipe.txt").unlink()
    os.mkfifo(root / "sources/articles/pipe.txt")
    refuses(root, r"^sources/articles/pipe\.txt: file: is a named pipe; only regular files are sources")


@pytest.mark.build
def test_folder_named_like_an_article(root):
    add(root, "folder")
    (root / "sources/articles/folder.txt").unlink()
    (root / "sources/articles/folder.txt").mkdir()
    (root / "sources/articles/folder.txt/inside.txt").write_text("x", encoding="utf-8")
    refuses(root, r"^sources/articles/folder\.txt: folder: is a folder; sources/articles/ holds only files")
    mkdocs_refuses(root, "folder.txt: folder: is a folder")


# --- 4: YAML bombs -----------------------------------------------------------------------

@pytest.mark.build
@pytest.mark.parametrize("depth", [70, 5_000, 100_000])
def test_deeply_nested_record(root, depth):
    add(root, "deep", record="title: " + "[" * depth + "]" * depth + "\n")
    refuses(root, rf"^sources/articles/deep\.yml: line 1: is nested more than 64 levels deep")


@pytest.mark.build
def test_deeply_nested_block_record(root):
    add(root, "deep", record="title:\n" + "".join(" " * i + "- \n" for i in range(1, 80)))
    refuses(root, r"^sources/articles/deep\.yml: line \d+: is nested more than 64 levels deep")


@pytest.mark.build
def test_compact_nested_record(root):
    add(root, "deep", record="title: \n  " + "- " * 20_000 + "x\n")
    refuses(root, r"^sources/articles/deep\.yml: line \d+: is nested more than 64 levels deep")


@pytest.mark.build
def test_billion_laughs(root):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    add(root, "laughs", record="\n".join(lines) + "\n")
    refuses(root, r"^sources/articles/laughs\.yml: line \d+: its aliases expand to more than 100,000 values")


@pytest.mark.build
def test_oversized_record(root):
    add(root, "big", record="title: " + "x" * 1_100_000 + "\n")
    refuses(root, r"^sources/articles/big\.yml: file: is 1,100,008 bytes; a YAML file may have at most 1,000,000")


@pytest.mark.build
def test_deep_vocabulary_is_refused_too(root):
    path = root / "sources/vocabularies/publishers.yml"
    path.write_text(path.read_text(encoding="utf-8") + "- " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    refuses(root, r"^sources/vocabularies/publishers\.yml: line \d+: is nested more than 64 levels deep")


# --- 5: rules that would backtrack for hours ---------------------------------------------------

@pytest.mark.build
@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)+$", "(?:\\w+\\s?)*x", "(.*a){20}"])
def test_catastrophic_rule_is_refused(root, pattern):
    """Each of these takes longer than the test's timeout on a line of 45 'a's and a 'b'."""
    add(root, "aaa", TEXT + ["a" * 45 + "b"])
    with open(root / "sources/boilerplate/generic.yml", "a", encoding="utf-8") as f:
        f.write(f"  - {{id: slow, kind: share-buttons, match: '{pattern}'}}\n")
    refuses(root, r"^sources/boilerplate/generic\.yml: rules\[\d+\] \(slow\)\.match: repeats a group that itself repeats")


@pytest.mark.build
def test_rule_python_warns_about_is_refused_in_one_line(root):
    """'[[' compiles, but Python prints a FutureWarning (a nested set) to stderr: that was a
    second, unformatted line among the problems (found by test_fuzz)."""
    with open(root / "sources/boilerplate/generic.yml", "a", encoding="utf-8") as f:
        f.write("  - {id: sets, kind: share-buttons, match: '[[]'}\n")
    lines = refuses(root, r"^sources/boilerplate/generic\.yml: rules\[\d+\] \(sets\)\.match: .*nested set.*\\\[")
    assert not any("Warning" in line for line in lines), lines


@pytest.mark.build
def test_unescaped_quote_in_a_rule_is_refused_in_one_line(root):
    """A ' inside a single-quoted pattern ends the pattern there: YAML then stops at the next
    character, and the reader used to add six knock-on "extraction.X: is missing" lines that do
    not say which rule or what to write. One line: the line, the rule's id, and the fix."""
    set_in_yaml(root / "sources/boilerplate/generic.yml", "today''?s (?:edition|paper)", "today'?s (?:edition|paper)")
    lines = refuses(root, r"^sources/boilerplate/generic\.yml: line \d+: the entry site-widget is not valid YAML: .*"
                          r"inside single quotes write a ' as ''")
    assert len(lines) == 2, lines  # the problem and the summary


@pytest.mark.build
def test_catastrophic_extraction_rule_is_refused(root):
    set_byline(root, "^By (?P<names>(?:[A-Za-z]+ ?)+)$")
    refuses(root, r"^sources/boilerplate/generic\.yml: extraction\.byline: repeats a group that itself repeats")


# --- 8: tracebacks where a one-line error belongs ------------------------------------------

def set_in_yaml(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_byline(root: Path, pattern: str) -> None:
    path = root / "sources/boilerplate/generic.yml"
    text, n = re.subn(r"(?m)^  byline: .*$", lambda m: "  byline: " + json.dumps(pattern), path.read_text(encoding="utf-8"))
    assert n == 1
    path.write_text(text, encoding="utf-8")


@pytest.mark.build
def test_byline_rule_without_names_group(root):
    set_byline(root, "^By (?P<people>.{2,120})$")
    refuses(root, r"^sources/boilerplate/generic\.yml: extraction\.byline: must have a group named 'names'")


@pytest.mark.build
def test_floated_when_not_a_date(root):
    set_in_yaml(root / "sources/vocabularies/proposals.yml", 'floated_when: "2022-03"', 'floated_when: "2022-13"')
    refuses(root, r"^sources/vocabularies/proposals\.yml: nato-peacekeeping-mission\.floated_when: '2022-13' is not a real date")


@pytest.mark.build
def test_used_for_not_a_list_of_ids(root):
    set_in_yaml(root / "sources/vocabularies/arguments.yml", "used_for: []", "used_for: [[x]]")
    refuses(root, r"^sources/vocabularies/arguments\.yml: escalation-nuclear-risk\.used_for: must be a list of proposal ids; got list")


@pytest.mark.build
def test_aliases_not_strings(root):
    set_in_yaml(root / "sources/vocabularies/proposals.yml", '- "polish proposal"', "- {a: b}")
    refuses(root, r"^sources/vocabularies/proposals\.yml: nato-peacekeeping-mission\.aliases: must be a list of strings; got dict")


@pytest.mark.build
def test_home_page_not_utf8(root):
    path = root / "sources/pages/home.md"
    path.write_bytes(path.read_bytes() + "caf\u00e9\n".encode("cp1252"))
    refuses(root, r"^sources/pages/home\.md: line \d+: is not valid UTF-8")


@pytest.mark.build
def test_slug_too_long_for_a_file_name(root):
    add(root, "a" * 245)
    refuses(root, rf"^sources/articles/a{{245}}\.txt: file name: the slug is 245 characters; at most 100 are allowed")


# --- 9: non-characters and controls are cleaned where text enters -------------------------

BAD_CHARACTERS = "\ufffe\uffff\ufdd0\U0001fffe\x85\x90\x9f\x01\x7f"


@pytest.mark.build
def test_noncharacters_and_controls_never_reach_the_output(root):
    nasty = "Bad" + BAD_CHARACTERS + "ly written"
    add(root, "nasty", [TEXT[0] + " " + nasty, *TEXT[1:]], title=f"Title {nasty}", standfirst=f"Standfirst {nasty}",
        authors=[{"name": f"Jane {nasty}", "basis": nasty}], editor=nasty, url_basis=nasty,
        position={"id": "neutral", "basis": nasty})
    set_in_yaml(root / "sources/vocabularies/positions.yml", "name: Supports", f'name: "Supports {escaped(nasty)}"')
    set_in_yaml(root / "sources/vocabularies/proposals.yml", "name: NATO-led armed peacekeeping mission",
                f'name: "NATO {escaped(nasty)}"')
    set_in_yaml(root / "sources/vocabularies/publishers.yml", "name: ", f'name: "Pub {escaped(nasty)}" #')
    result = archive(root, "build")
    assert result.returncode == 0, result.stderr
    for path in (root / "docs").rglob("*"):
        if path.is_file() and path.suffix in (".md", ".xml", ".svg", ".json", ".csv"):
            text = path.read_text(encoding="utf-8")
            assert not any(c in text for c in BAD_CHARACTERS), path
    ET.parse(root / "docs/feed.xml")
    ET.parse(root / "docs/timeline.svg")


@pytest.mark.build
def test_lone_surrogate_in_a_record(root):
    add(root, "surrogate", record=yaml.safe_dump(record_for(b""), sort_keys=False).replace("title: null", 'title: "A \\ud800 title"'))
    (root / "sources/articles/surrogate.txt").write_text("\n\n".join(TEXT), encoding="utf-8")
    set_in_yaml(root / "sources/articles/surrogate.yml", "sha256: ", "sha256: " + hashlib.sha256("\n\n".join(TEXT).encode()).hexdigest() + " #")
    result = archive(root, "build")
    assert "Traceback" not in result.stderr
    if result.returncode == 0:  # the loader may take the escape: then the character is cleaned away
        assert "A title" in (root / "docs/articles/surrogate.md").read_text(encoding="utf-8")
    else:
        assert re.match(r"sources/articles/surrogate\.yml: line 1: is not valid YAML: found invalid Unicode", result.stderr)


def escaped(text: str) -> str:
    """text as a YAML double-quoted scalar's content (escapes for every non-printable)."""
    return "".join(c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}" for c in text)


# --- 10: dates in ASCII digits, months 01 to 12 --------------------------------------------

@pytest.mark.build
@pytest.mark.parametrize("value, precision", [
    ("\u0662\u0660\u0662\u0665-\u0660\u0663-\u0660\u0664", "day"),
    ("２０２５", "year"),
    ("2025-00", "month"),
    ("2025-00-10", "day"),
    ("0000", "year"),
], ids=["arabic-indic", "fullwidth", "month-00", "day-month-00", "year-0"])
def test_date_in_ascii_digits_and_real(root, value, precision):
    add(root, "bad-date", date={"value": value, "precision": precision})
    refuses(root, r"^sources/articles/bad-date\.yml: date\.value: ")


@pytest.mark.build
@pytest.mark.parametrize("value", ["2022-00", "\u0662\u0660\u0662\u0662"])
def test_floated_when_in_ascii_digits_and_real(root, value):
    set_in_yaml(root / "sources/vocabularies/proposals.yml", 'floated_when: "2022-03"', f'floated_when: "{value}"')
    refuses(root, r"^sources/vocabularies/proposals\.yml: nato-peacekeeping-mission\.floated_when: ")


# --- 2: names the renderer uses for its own pages ------------------------------------------

@pytest.mark.build
@pytest.mark.parametrize("slug", ["index", "index-page-2", "my-article-page-3"])
def test_article_slug_that_names_a_generated_page(root, slug):
    add(root, slug)
    refuses(root, rf"^sources/articles/{slug}\.txt: file name: the slug {slug!r} is reserved: ")


@pytest.mark.build
@pytest.mark.parametrize("file, old, new, pattern", [
    ("proposals", "- id: nato-peacekeeping-mission", "- id: index", r"\[0\]\.id: 'index' is reserved: index is the name of every folder's listing page"),
    ("proposals", "- id: nato-peacekeeping-mission", "- id: un-neutral-peacekeeping-force-page-2", r"\[0\]\.id: 'un-neutral-peacekeeping-force-page-2' is reserved: "),
    ("positions", "- id: supports", "- id: index", r"\[0\]\.id: 'index' is reserved"),
    ("publishers", "- id: defense-one", "- id: defense-one-page-7", r"\[0\]\.id: 'defense-one-page-7' is reserved"),
    ("arguments", "- id: escalation-nuclear-risk", "- id: index", r"\[0\]\.id: 'index' is reserved"),
], ids=["proposal-index", "proposal-page", "position-index", "publisher-page", "argument-index"])
def test_vocabulary_id_that_names_a_generated_page(root, file, old, new, pattern):
    set_in_yaml(root / f"sources/vocabularies/{file}.yml", old, new)
    refuses(root, rf"^sources/vocabularies/{file}\.yml: " + pattern)


@pytest.mark.build
def test_proposal_name_that_names_the_tag_index(root):
    set_in_yaml(root / "sources/vocabularies/proposals.yml", "name: NATO-led armed peacekeeping mission", "name: Index")
    refuses(root, r"^sources/vocabularies/proposals\.yml: nato-peacekeeping-mission\.name: 'Index' would have the tag page tags/index\.md, the list of tags")


@pytest.mark.build
def test_two_tags_with_one_page(root):
    set_in_yaml(root / "sources/vocabularies/proposals.yml", "name: NATO-led armed peacekeeping mission", "name: \"Supports!\"")
    refuses(root, r"^sources/vocabularies/proposals\.yml: nato-peacekeeping-mission\.name: 'Supports!' would have the tag page "
                  r"tags/supports\.md, as the position 'Supports' has")


# --- 3: one author, one entry; two authors, two ---------------------------------------------

def author_anchors(root: Path) -> dict[str, str]:
    """Each author's entry on the A-Z pages: anchor -> name."""
    found = {}
    for page in (root / "docs/authors").glob("*.md"):
        for anchor, name in re.findall(r'<p id="([^"]+)"><strong>([^<]+)</strong>', page.read_text(encoding="utf-8")):
            assert anchor not in found, f"two entries with the anchor {anchor}"
            found[anchor] = name
    return found


@pytest.mark.build
def test_cyrillic_names_sharing_their_first_letters_stay_two_authors(root):
    first, second = "Олександр Петренко-Ковальчук", "Олександр Петренко-Коваленко"
    add(root, "first", TEXT, authors=[{"name": first, "basis": "b"}])
    add(root, "second", TEXT + ["Different."], authors=[{"name": second, "basis": "b"}])
    result = archive(root, "build")
    assert result.returncode == 0, result.stderr
    anchors = author_anchors(root)
    assert first in anchors.values() and second in anchors.values()
    by_name = {name: anchor for anchor, name in anchors.items()}
    assert by_name[first] != by_name[second]
    assert all(re.fullmatch(r"[a-z0-9-]+", a) for a in (by_name[first], by_name[second]))
    for slug, name in (("first", first), ("second", second)):
        page = (root / f"docs/articles/{slug}.md").read_text(encoding="utf-8")
        assert f"#{by_name[name]}" in page


@pytest.mark.build
def test_names_with_one_slug_are_told_apart_deterministically(root):
    add(root, "first", TEXT, authors=[{"name": "José Ruiz", "basis": "b"}])
    add(root, "second", TEXT + ["Different."], authors=[{"name": "Jose Ruiz", "basis": "b"}])
    add(root, "third", TEXT + ["Other."], authors=[{"name": "Jose Ruiz 2", "basis": "b"}])
    result = archive(root, "build")
    assert result.returncode == 0, result.stderr
    by_name = {name: anchor for anchor, name in author_anchors(root).items()}
    assert by_name["Jose Ruiz 2"] == "jose-ruiz-2"
    assert {by_name["Jose Ruiz"], by_name["José Ruiz"]} == {"jose-ruiz", "jose-ruiz-3"}
    assert by_name["Jose Ruiz"] == "jose-ruiz"  # by the names' code points: "Jose" before "José"


@pytest.mark.build
@pytest.mark.parametrize("other, pattern", [
    ("J\u0430ne Roe", r"authors\[0\]\.name: 'J\u0430ne Roe' mixes Latin and Cyrillic letters in one word"),
    ("Jane\u200e Roe", r"authors\[0\]\.name: 'Jane\\u200e Roe' contains an invisible character \(U\+200E LEFT-TO-RIGHT MARK\)"),
    ("JANE ROE", r"authors\[0\]\.name: 'JANE ROE' is written 'Jane Roe' in sources/articles/a-first\.yml"),
    ("Ｊａｎｅ Roe", r"authors\[0\]\.name: 'Ｊａｎｅ Roe' is written 'Jane Roe' in sources/articles/a-first\.yml"),
], ids=["cyrillic-a", "invisible", "case", "fullwidth"])
def test_look_alike_author_names_are_refused(root, other, pattern):
    add(root, "a-first", TEXT, authors=[{"name": "Jane Roe", "basis": "b"}])
    add(root, "b-second", TEXT + ["Different."], authors=[{"name": other, "basis": "b"}])
    refuses(root, r"^sources/articles/b-second\.yml: " + pattern)


@pytest.mark.build
def test_names_in_one_script_that_look_like_another_scripts_are_refused(root):
    """"Сосо Рорре" in Cyrillic and "Coco Poppe" in Latin: each word in one script, so no word
    mixes scripts, yet a reader sees one name twice."""
    add(root, "a-first", TEXT, authors=[{"name": "Coco Poppe", "basis": "b"}])
    add(root, "b-second", TEXT + ["Different."], authors=[{"name": "Сосо Рорре", "basis": "b"}])
    refuses(root, r"^sources/articles/b-second\.yml: authors\[0\]\.name: 'Сосо Рорре' is written 'Coco Poppe' in sources/articles/a-first\.yml")


@pytest.mark.build
def test_names_in_other_scripts_stay_apart(root):
    """Latin look-alikes are only how names are compared: Иван and Ivan stay two authors."""
    add(root, "a-first", TEXT, authors=[{"name": "Ivan Petrov", "basis": "b"}])
    add(root, "b-second", TEXT + ["Different."], authors=[{"name": "Иван Петров", "basis": "b"}])
    result = archive(root, "build")
    assert result.returncode == 0, result.stderr
    assert {"Ivan Petrov", "Иван Петров"} <= set(author_anchors(root).values())


# --- 8: docs/ cannot be written, the disk is full, two builds at once -------------------------

def new_articles(root: Path, n: int) -> None:
    for i in range(n):
        add(root, f"extra-{i}", TEXT + [f"Extra paragraph number {i}, which makes the bytes of this article unique. " * 20])


@pytest.fixture
def immutable():
    """chattr +i a folder (even root cannot then add files to it); undone afterwards."""
    done = []

    def make(folder: Path):
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            missing("chattr +i is not supported here")
        done.append(folder)
    yield make
    for folder in done:
        subprocess.run(["chattr", "-i", str(folder)])


def missing(why: str):
    from conftest import REQUIRE_ALL
    if REQUIRE_ALL:
        pytest.fail(why)
    pytest.skip(why)


@pytest.mark.build
def test_read_only_docs(root, immutable):
    new_articles(root, 2)
    immutable(root / "docs/articles")
    lines = refuses(root, r"^\S*docs/articles/\S+\.(md|js): file: cannot be written \(Operation not permitted\)$", commands=("build",))
    assert len(lines) == 2
    mkdocs_refuses(root, "cannot be written (Operation not permitted)")


@pytest.mark.build
def test_full_disk_leaves_docs_wholly_old(root, tmp_path):
    docs, saved = root / "docs", tmp_path / "saved"
    shutil.copytree(docs, saved)
    used = sum(-(-p.stat().st_size // 4096) * 4096 for p in saved.rglob("*") if p.is_file())
    folders = sum(1 for p in saved.rglob("*") if p.is_dir())
    size = used + folders * 4096 + 256 * 1024
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(docs)], capture_output=True, text=True)
    if mounted.returncode != 0:
        missing(f"cannot mount a small tmpfs to fill: {mounted.stderr.strip()}")
    try:
        subprocess.run(["cp", "-a", f"{saved}/.", str(docs)], check=True)
        new_articles(root, 40)
        lines = refuses(root, r"docs/\S+: file: cannot be written \(No space left on device\)$", commands=("build",))
        assert len(lines) == 2
    finally:
        subprocess.run(["umount", str(docs)], check=True)


@pytest.mark.build
@pytest.mark.slow
def test_two_builds_at_once(root):
    """A build started while another writes waits for it: before the lock, it read or deleted
    what the other had just removed or renamed (a FileNotFoundError, about one round in eight)."""
    from hostile_support import grow
    grow(root, 12)
    vocab = root / "sources/vocabularies/proposals.yml"
    original = vocab.read_text(encoding="utf-8")

    def start():
        return subprocess.Popen([*ARCHIVE_CMD, "--root", str(root), "build"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def finished(process):
        out, err = process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0 and "Traceback" not in err, err

    for round_ in range(4):
        vocab.write_text(original.replace("name: US backstop", f"name: US backstop {round_}", 1), encoding="utf-8")
        if round_ == 0:  # another build is writing (this test holds its lock): a build must wait
            import fcntl
            fd = os.open(root / "docs", os.O_RDONLY | os.O_DIRECTORY)
            fcntl.flock(fd, fcntl.LOCK_EX)
            before = tree(root / "docs")
            waiting = start()
            time.sleep(8)  # a build of these 77 articles takes about 2 s
            waited = waiting.poll() is None and tree(root / "docs") == before
            os.close(fd)
            finished(waiting)
            assert waited, "a build wrote docs/ while another held it"
        else:  # started together
            builds = [start(), start()]
            for process in builds:
                finished(process)
    assert archive(root, "build").stdout.strip() == "archive: docs/ is up to date"
    assert not [p for p in (root / "docs").rglob("*.tmp")]


# --- 11: every export escaped by its own format's rules --------------------------------------

EXPORT_TITLE = '=HYPERLINK("https://evil.example","x")}, title={Pwned}, note={\\x} % 100% & $5 #1 _a ^b ~c'
EXPORT_AUTHORS = ["Tom and Jerry", "-Minus Sign", "@Mention Smith", "Jane {Roe}"]


def bibtex_fields(entry: str) -> dict[str, str]:
    """A BibTeX entry's fields (name: raw value), read as BibTeX reads them: braces nest,
    a backslash escapes the next character."""
    assert entry.startswith("@online{") and entry.rstrip().endswith("}"), entry
    body = entry[len("@online{"):entry.rstrip().rindex("}")]
    key, _, rest = body.partition(",")
    fields, i = {}, 0
    while i < len(rest):
        if rest[i] in " \n,":
            i += 1
            continue
        name, _, after = rest[i:].partition("=")
        i += len(name) + 1
        while rest[i] == " ":
            i += 1
        assert rest[i] == "{", rest[i:]
        depth, start = 0, i
        while True:
            c = rest[i]
            if c == "\\":
                i += 2
                continue
            depth += {"{": 1, "}": -1}.get(c, 0)
            i += 1
            if depth == 0:
                break
        assert name.strip() not in fields, f"field {name.strip()} twice"
        fields[name.strip()] = rest[start + 1:i - 1]
    return fields


@pytest.mark.build
def test_exports_escape_by_their_own_rules(root):
    import csv
    import html
    import json
    add(root, "exports", TEXT, title=EXPORT_TITLE, url="https://example.org/a?q=%7B%7D&b=1#frag",
        authors=[{"name": n, "basis": "b"} for n in EXPORT_AUTHORS])
    result = archive(root, "build")
    assert result.returncode == 0, result.stderr
    docs = root / "docs"

    page = (docs / "articles/exports.md").read_text(encoding="utf-8")
    entry = html.unescape(re.search(r"<pre><code>(@online\{exports,.*?)</code></pre>", page, re.S).group(1))
    fields = bibtex_fields(entry)
    assert set(fields) == {"author", "title", "organization", "date", "url"}, entry
    assert len(re.split(r"(?<![{\w])\band\b(?![\w}])", fields["author"], flags=re.I)) == len(EXPORT_AUTHORS), fields["author"]
    assert "{" not in fields["url"] and "}" not in fields["url"]

    rows = list(csv.DictReader(open(docs / "data/articles.csv", encoding="utf-8", newline="")))
    row = next(r for r in rows if r["slug"] == "exports")
    assert row["title"] == "'" + EXPORT_TITLE, "a cell a spreadsheet would run as a formula starts with '"
    assert row["authors"] == "; ".join(EXPORT_AUTHORS), "only a cell's first character counts"
    data = json.loads((docs / "data/archive.json").read_text(encoding="utf-8"))
    article = next(a for a in data["articles"] if a["slug"] == "exports")
    assert article["title"] == EXPORT_TITLE and [a["name"] for a in article["authors"]] == EXPORT_AUTHORS

    atom = "{http://www.w3.org/2005/Atom}"
    entry = next(e for e in ET.parse(docs / "feed.xml").getroot().iter(f"{atom}entry")
                 if e.find(f"{atom}link").get("href") == "articles/exports.html")
    assert entry.find(f"{atom}title").text == EXPORT_TITLE
    assert [n.text for n in entry.iter(f"{atom}name")] == EXPORT_AUTHORS
    titles = [t.text for t in ET.parse(docs / "timeline.svg").getroot().iter("{http://www.w3.org/2000/svg}title")]
    assert any(t.startswith(EXPORT_TITLE + " (") for t in titles)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain", "", "a=b"])
def test_csv_formula_policy_round_trips(text):
    """README, "The dataset and feed": a cell starting with = + - @ tab or CR gets a leading
    apostrophe; removing one apostrophe from such a cell gives the text back."""
    from archive.exports import dataset as export
    import csv
    import io
    out = export.table([{"a": text, "b": 5}], ["a", "b"])
    cell = next(csv.DictReader(io.StringIO(out, newline="")))["a"]
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert cell == "'" + text
    else:
        assert cell == text


@pytest.mark.build
@pytest.mark.parametrize("url", ["https://e.org/a},title={Pwned}", "https://e.org/a b", "https://e.org/a\\b"])
def test_url_that_is_not_an_address(root, url):
    add(root, "bad-url", url=url)
    refuses(root, r"^sources/articles/bad-url\.yml: url: .* is not an http\(s\) address")


def test_bibtex_url_keeps_braces_out():
    """Records refuse such a URL (above); should one reach the citation anyway, it stays one field."""
    from dataclasses import replace
    from archive.build import Paths, load
    from archive.site import bibtex, citations
    from conftest import ROOT
    voc, articles, _ = load(Paths(ROOT))
    article = replace(articles[0], url="https://e.org/a},title={Pwned}")
    _, _, entry = citations.formats(citations.Citations(ROOT / "sources" / "csl", voc.title), voc, article)
    fields = bibtex_fields(entry)
    assert fields["url"] == "https://e.org/a%7D,title=%7BPwned%7D" and "title" in fields and len(fields) == len(set(fields))
    assert bibtex.bibtex_url("https://e.org/a?b=%7B&c=1#d") == "https://e.org/a?b=%7B&c=1#d"


# --- a missing tool fails whenever CI is set to a true value ------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("value, ci", [("true", True), ("1", True), ("yes", True), ("TRUE", True), ("on", True),
                                       ("", False), ("0", False), ("false", False), ("False", False), ("no", False),
                                       ("off", False)])
def test_ci_means_the_same_to_scripts_dev_and_the_tests(value, ci):
    import sys
    from conftest import ROOT
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "ARCHIVE_REQUIRE_ALL")}
    env["CI"] = value
    tests = subprocess.run([sys.executable, "-c", "import conftest; print(conftest.REQUIRE_ALL)"], cwd=ROOT / "tests",
                           env=env, capture_output=True, text=True)
    assert tests.stdout.strip() == str(ci), tests.stderr
    dev = subprocess.run(["bash", "-c", 'source <(sed -n "/^in_ci()/,/^}/p" scripts/dev) && in_ci'], cwd=ROOT, env=env)
    assert (dev.returncode == 0) == ci


def test_later_pages_of_a_listing_have_reserved_names():
    """names.py reserves exactly the names the site gives a listing's later pages."""
    from archive.core import names
    from archive.site.structure import page_names
    for base in ("articles/index", "proposals/us-backstop", "matrix"):
        first, *later = page_names(base, 4)
        assert first == f"{base}.md" and len(later) == 3
        for name in later:
            assert names.reserved(name.rsplit("/", 1)[-1].removesuffix(".md"))


# --- issue 22 item 3: sizes are checked before reading, lines are counted before cleaning ----

GIGABYTE = 1 << 30


def under_memory_limit(limit: int):
    """A child process that cannot hold a gigabyte: reading the file whole is a MemoryError."""
    import resource
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def sparse(path: Path, size: int) -> None:
    with open(path, "wb") as f:
        f.truncate(size)  # a gigabyte of NUL bytes that takes no room on the disk


@pytest.mark.parametrize("command", ["check", pytest.param("build", marks=pytest.mark.build)])
def test_a_gigabyte_article_is_refused_without_being_read(root, command):
    add(root, "big")
    sparse(root / "sources/articles/big.txt", GIGABYTE)
    before = tree(root / "docs")
    result = subprocess.run([*ARCHIVE_CMD, "--root", str(root), command], capture_output=True, text=True, cwd=root,
                            timeout=TIMEOUT, preexec_fn=under_memory_limit(900 << 20))
    assert result.returncode == 1 and "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr[-2000:]
    assert re.search(r"(?m)^sources/articles/big\.txt: file: is 1,073,741,824 bytes; an article may have at most 2,000,000 "
                     r"\(is this really one article\?\)$", result.stderr), result.stderr
    assert tree(root / "docs") == before


@pytest.mark.slow
@pytest.mark.parametrize("command", ["preview", "new"])
def test_a_gigabyte_file_given_to_preview_or_new_is_refused_without_being_read(root, command):
    big = root.parent / "big.txt"
    sparse(big, GIGABYTE)
    result = subprocess.run([*ARCHIVE_CMD, "--root", str(root), command, str(big)], capture_output=True, text=True, cwd=root,
                            timeout=TIMEOUT, preexec_fn=under_memory_limit(900 << 20))
    assert result.returncode == 1 and "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr[-2000:]
    # preview and new take a text dump or a saved page: the message names both budgets
    assert re.search(r"big\.txt: file: is 1,073,741,824 bytes; (an article|a text) may have at most 2,000,000", result.stderr), result.stderr


@pytest.mark.build
def test_an_article_of_too_many_lines_is_refused_before_it_is_cleaned(root):
    add(root, "lines", b"a b\n" * 500_000)  # 2 MB, within the byte budget
    refuses(root, r"^sources/articles/lines\.txt: file: has 500,000 lines; an article may have at most 100,000 "
                  r"\(is this really one article\?\)$")


# --- issue 22 item 4: dates within the debate's years, intervals within a few years ---------

@pytest.mark.build
@pytest.mark.parametrize("value, pattern", [
    ("0001/9999", r"'0001/9999' spans 9,999 years; allowed: an interval of at most 5 years"),
    ("2099", r"'2099' is after today \(\d{4}-\d\d-\d\d\); allowed: dates from 2014 to today"),
    ("2099-01-01/2099-02", r"'2099-01-01/2099-02' is after today"),
    ("2013-12-31", r"'2013-12-31' is before 2014; allowed: dates from 2014 to today"),
    ("2020/2026-12", r"'2020/2026-12' spans 7 years; allowed: an interval of at most 5 years"),
])
def test_a_date_out_of_the_debates_years_is_refused(root, value, pattern):
    add(root, "bad-date", date={"value": value})
    del_precision = root / "sources/articles/bad-date.yml"
    set_in_yaml(del_precision, "  precision: day\n", "")
    refuses(root, r"^sources/articles/bad-date\.yml: date\.value: " + pattern)


@pytest.mark.build
@pytest.mark.parametrize("old, new, pattern", [
    ('value: "2022-03-15/2022-03-24"', 'value: "0001/9999"', r"origins\[1\]\.date\.value: '0001/9999' spans 9,999 years"),
    ('floated_when: "2022-03"', 'floated_when: "2099"', r"floated_when: '2099' is after today"),
])
def test_a_proposal_history_out_of_the_debates_years_is_refused(root, old, new, pattern):
    set_in_yaml(root / "sources/vocabularies/proposals.yml", old, new)
    refuses(root, r"^sources/vocabularies/proposals\.yml: nato-peacekeeping-mission\." + pattern)


@pytest.mark.build
def test_the_dates_at_the_bounds_build_and_the_timeline_stays_small(root):
    add(root, "wide-date", date={"value": "2014/2018"})
    set_in_yaml(root / "sources/articles/wide-date.yml", "  precision: day\n", "")
    result = archive(root, "build")
    assert result.returncode == 0, result.stderr
    assert (root / "docs/timeline.md").stat().st_size < 200_000


# --- issue 22 item 10: names one reader cannot misread, titles that cannot reorder a line ----

@pytest.mark.build
@pytest.mark.parametrize("name, pattern", [
    ("Jane Roe; Evil", r"authors\[0\]\.name: 'Jane Roe; Evil' contains ';', which separates authors in data/articles.csv; "
                       r"give each author an entry of their own"),
    ("J" + "a" * 200, r"authors\[0\]\.name: is 201 characters; a name may have at most 120"),
], ids=["semicolon", "long"])
def test_author_names_are_one_name_of_a_names_length(root, name, pattern):
    add(root, "named", TEXT, authors=[{"name": name, "basis": "b"}])
    refuses(root, r"^sources/articles/named\.yml: " + pattern)


@pytest.mark.build
@pytest.mark.parametrize("where", ["record", "raw"])
def test_a_title_with_a_bidi_control_is_refused(root, where):
    title = "Observers \u202eevil\u202c for the line"
    if where == "record":
        add(root, "bidi", TEXT, title=title)
        pattern = r"^sources/articles/bidi\.yml: title: contains an invisible character \(U\+202E RIGHT-TO-LEFT OVERRIDE\)"
    else:
        add(root, "bidi", [title, *TEXT[1:]])
        pattern = r"^sources/articles/bidi\.(yml|txt): title: contains an invisible character \(U\+202E RIGHT-TO-LEFT OVERRIDE\)"
    refuses(root, pattern)


# --- issue 22 item 8: the removed-lines block has a budget and still accounts for each line ---

@pytest.mark.build
def test_a_page_of_repeated_furniture_makes_a_small_page_that_accounts_for_each_line(root):
    lines = ["a b"] * 40_000 + TEXT  # 200 KB, 80,000 lines with the blank ones: each "a b" is removed (a menu, a repeated line)
    add(root, "furniture", lines)
    result = archive(root, "build")
    assert result.returncode == 0, result.stderr
    page = (root / "docs/articles/furniture.md").read_text(encoding="utf-8")
    assert len(page.encode()) < 100_000, f"the article page is {len(page.encode()):,} bytes for a 200 KB raw file"
    preview = json.loads(archive(root, "preview", "--json", str(root / "sources/articles/furniture.txt")).stdout)
    removed = {r["line"]: r["text"] for r in preview["removed"]}
    assert len(removed) >= 40_000
    assert removed_block_lines(page) == removed, "every removed line, by its number, with its text"


# --- issue 22, looking further: the proposals' external evidence gets the records' checks ------

EVIDENCE_TITLE = "            title: \"Ukraine's Phony Peacekeeping Plan\"\n"


@pytest.mark.build
@pytest.mark.parametrize("old, new, pattern", [
    (EVIDENCE_TITLE, '            title: "Ukraine\'s \\u202ePhony Plan"\n',
     r"external\.title: contains an invisible character \(U\+202E RIGHT-TO-LEFT OVERRIDE\)"),
    (EVIDENCE_TITLE, EVIDENCE_TITLE + '            authors: ["Jane Roe; Evil"]\n',
     r"external\.authors\[0\]: 'Jane Roe; Evil' contains ';'"),
    (EVIDENCE_TITLE, EVIDENCE_TITLE + f'            authors: ["{"J" + "a" * 150}"]\n',
     r"external\.authors\[0\]: is 151 characters; a name may have at most 120"),
    ('            date: "2015-02-19"\n', '            date: "2099-02-19"\n', r"external\.date: '2099-02-19' is after today"),
], ids=["bidi-title", "semicolon-author", "long-author", "future-date"])
def test_external_evidence_is_checked_as_a_record_is(root, old, new, pattern):
    set_in_yaml(root / "sources/vocabularies/proposals.yml", old, new)
    refuses(root, r"^sources/vocabularies/proposals\.yml: un-neutral-peacekeeping-force\.origins\[\d+\]\.basis\[\d+\]\." + pattern)


@pytest.mark.build
@pytest.mark.parametrize("file, old, new, pattern", [
    ("proposals.yml", "name: UN-mandated or neutral peacekeeping / observer force",
     "name: UN-mandated or \u202eneutral peacekeeping", r"proposals\.yml: \[\d+\]\.name: contains an invisible character \(U\+202E"),
    ("arguments.yml", "claim: ", "claim: \u2066", r"arguments\.yml: \[0\]\.claim: contains an invisible character \(U\+2066"),
], ids=["proposal-name", "argument-claim"])
def test_a_vocabulary_name_with_a_bidi_control_is_refused(root, file, old, new, pattern):
    set_in_yaml(root / "sources/vocabularies" / file, old, new)
    refuses(root, r"^sources/vocabularies/" + pattern)


# --- issue 22, looking further: a saved web page within a budget of elements ------------------

def test_a_saved_page_of_a_million_elements_is_refused_before_it_is_read(root):
    """9 MB of '<p>a b</p>', under the saved page's byte budget: archive preview ran over two
    minutes and 1.8 GB. The largest of the public set's 1,029 pages has 10,112 elements."""
    page = root.parent / "many.html"
    page.write_text("<!doctype html><html><head><title>Many</title></head><body>" + "<p>a b</p>" * 900_000
                    + "</body></html>", encoding="utf-8")
    result = archive(root, "preview", str(page))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert re.search(r"many\.html: file: has 900,00\d elements; a saved article page has at most 100,000", result.stderr), result.stderr


def test_a_generated_file_over_the_sources_ceiling_is_read_whole(tmp_path):
    """docs/data/archive.json passes 16 MB near 5,000 articles: the manifest's check read
    generated files only to the sources' ceiling (16 MB + 1 byte), so the next build found
    the dataset 'edited by hand' and refused to run (scripts/bench.py --editor at 5,005)."""
    from archive.ingest.sources import CEILING
    from archive.manifest import current

    data = b"{" + b"x" * (CEILING + 1024) + b"}"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "archive.json").write_bytes(data)
    manifest = {"inputs": "same", "files": {"data/archive.json": [hashlib.sha256(data).hexdigest()]}}
    assert current(tmp_path, manifest, "same")
