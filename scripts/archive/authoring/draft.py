"""`archive new`: copy a raw article into sources/ and draft its editorial record.

Here: what may be added (a regular file, not already in the archive, under a free slug),
writing the two files, and the summary the editor reads to see at once whether the draft is
right. The record's text is draft_record.py's; the hints it carries are hints.py's.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .draft_record import draft_record, drafted_title, make_slug
from ..ingest.derive import ranges
from ..ingest.saved import read_input
from .hints import snippet
from ..core.problems import Problem, Problems
from ..ingest.read import SLUG, Reader, slug_refused
from ..ingest import region


def new(paths, path: Path, slug: str | None) -> int:
    """Copy `path` to sources/articles/<slug>.txt and draft <slug>.yml; print what is left to decide."""
    reader = Reader(paths.sources)
    voc = reader.vocabulary(paths.sources)
    if reader.problems:
        raise Problems(reader.problems)
    path = Path(path)
    if not path.exists() or path.is_dir():  # a pipe or device is named by raw_article, never opened blocking
        raise Problems([Problem(str(path), "file", "does not exist or is not a file; give the path of the raw text file to add")])
    folder = paths.sources / "articles"
    # A raw file already put in sources/articles/ by hand: draft its record where it is.
    in_place = path.resolve().parent == folder.resolve()
    if in_place and slug not in (None, path.stem):
        raise Problems([Problem("--slug", repr(slug), f"a file already in sources/articles/ keeps its name as its slug ({path.stem!r}); rename the file instead")])
    if in_place and (folder / f"{path.stem}.yml").exists():
        raise Problems([Problem(reader.name(path), "file", f"already has its record, {path.stem}.yml: edit that instead")])
    given = read_input(reader, path, voc.extraction)
    # A file outside the archive gets its slug below: its own name does not matter.
    problems = [p for p in reader.problems if in_place or p.where != "file name"]
    if given is None or problems:
        raise Problems(problems)
    raw, data, derivation = given.raw, given.data, given.derivation
    if in_place and derivation is not None and path.suffix != ".html":
        raise Problems([Problem(reader.name(path), "file", "is a saved web page: name it .html (its text is derived into the .txt beside it)")])
    slug = path.stem if in_place else slug
    for other in sorted(folder.glob("*.html" if derivation else "*.txt")):
        if in_place and other.resolve() == path.resolve():
            continue
        try:
            other_bytes = reader.bytes(other)  # a named pipe here would block a plain read forever
        except OSError as error:
            raise Problems([Problem(reader.name(other), "file", error.strerror)]) from None
        if other_bytes == data:
            raise Problems([Problem(str(path), "file", f"has the same bytes as {reader.name(other)}: the article is already in the archive")])

    from .preview import analyse, authors_found, removed_by_kind, say
    seen = analyse(voc, raw, page=given)
    publisher, publisher_notes, cleaned, found, title = seen.publisher, list(seen.publisher_notes), seen.cleaned, seen.found, seen.title
    if not found.body:
        raise Problems([Problem(str(path), "file", "nothing of the article is left after removing boilerplate "
                                "(is it only page furniture?); allowed: a file holding one article's text")])
    slug_given = slug is not None
    headline = drafted_title(given.facts, title) or ""
    slug = slug if slug is not None else make_slug(headline, path, raw.sha256)
    if not SLUG.fullmatch(slug):
        raise Problems([Problem("--slug", snippet(slug, 81), "is not a slug; allowed: lowercase letters, digits and single hyphens, e.g. nordic-observer-mission")])
    if why := slug_refused(slug):
        raise Problems([Problem("--slug", snippet(slug, 81), f"{why}; choose another with --slug")])
    taken = [p for p in folder.iterdir() if p.stem.lower() == slug and not (in_place and p.resolve() == path.resolve())]
    if taken:
        raise Problems([Problem(reader.name(taken[0]), "file", f"already exists: slug {slug!r} is taken; choose another with --slug")])

    drafted = draft_record(seen, voc, path, raw, slug)
    record, todo, mentioned = drafted.text, drafted.todo, drafted.mentioned
    hints, lifted = seen.date_hints, seen.metadata()

    txt, yml, html = folder / f"{slug}.txt", folder / f"{slug}.yml", folder / f"{slug}.html"
    # The saved page and its derived text, or the text itself; the record last, so that a
    # failure leaves no record naming a missing file.
    kept = ([] if in_place else [(html if derivation else txt, data)])
    made = []
    try:
        for target, content in kept + ([(txt, derivation.text.encode("utf-8"))] if derivation else []):
            with open(target, "xb") as f:
                made.append(target)
                f.write(content)
        with open(yml, "x", encoding="utf-8") as f:
            made.append(yml)
            f.write(record)
    except BaseException:
        for target in made:
            target.unlink(missing_ok=True)
        raise

    say(f"archive: {'found' if in_place else 'added'} {reader.name(html if derivation else txt)} ({len(data):,} bytes) and drafted {reader.name(yml)}")
    if derivation:
        say(f"  derived:    {reader.name(txt)}, its visible text; {derivation.extractor} keeps lines {ranges(derivation.article)} as the article")
    for note in raw.notes:
        say(f"  note: {note}")
    show = lambda line: f"{snippet(line.text)} (line {line.number}; check)" if line else "none found"
    facts = given.facts  # a saved page's own metadata: what the draft took from it, and why
    stated = lambda fact: f"{snippet(', '.join(fact.value) if isinstance(fact.value, tuple) else fact.value)} ({fact.basis}; check)"
    say(f"  title:      {'none claimed: the page states no headline (see the record)' if facts and not facts.headline_stated else stated(facts.title) if facts and facts.title else show(title)}")
    say(f"  standfirst: {show(found.standfirst)}")
    say(f"  authors:    {stated(facts.authors) if facts and facts.authors else authors_found(seen)}")
    for field, x in lifted:
        say(f"  moved out:  {field}, line {x.number}: {snippet(x.text)}")
    say(f"  publisher:  {stated(facts.publisher) if facts and facts.publisher else publisher + ' (detected from its boilerplate; check)' if publisher else 'undecided'}")
    if facts and facts.date:
        say(f"  date:       {stated(facts.date)}")
    if facts and facts.url:
        say(f"  address:    {stated(facts.url)}")
    say(f"  date hints: {', '.join(f'{v} (line {n})' for v, _, n, _ in hints) or 'none'}")
    say(f"  proposals:  {', '.join(pid for pid, _ in mentioned) or 'none recognised'}")
    say(f"  body:       {len(found.body)} paragraphs; {len(cleaned.removals)} lines of page furniture removed")
    say(f"    first:    {show(found.body[0])}")
    last = found.body[-1]  # its end shown: a dump cut off mid-word must show it
    say(f"    last:     {snippet(last.text if len(last.text) <= 100 else last.text[:60] + ' … ' + last.text[-38:], 104)} (line {last.number}; check)")
    say(f"    removed:  {removed_by_kind(seen)}")
    if prose := region.prose_outside(cleaned.removals):
        say(f"    outside:  {len(prose)} paragraph{'s' if len(prose) > 1 else ''} of running prose left outside the article "
            f"(line{'s' if len(prose) > 1 else ''} {', '.join(str(r.line) for r in prose[:10])}{', ...' if len(prose) > 10 else ''}): "
            "if the article's, write region: {first: LINE, last: LINE, basis: \"why\"} in the record")
    say("    (page furniture left in the body? `archive preview FILE` shows every line's fate; add rules to")
    say("     sources/boilerplate/, delete the draft and run archive new again)")
    say(f"  slug:       {slug} ({'given with --slug' if slug_given else 'made from the title' if title else 'made from the file name'}; "
          f"to change it, delete the {'three' if derivation else 'two'} files and run archive new again with --slug another-slug)")
    say(f"archive: still to decide in {reader.name(yml)}: {', '.join(todo)}")
    say("  Replace every DECIDE: placeholder, delete the draft list, then run `archive build`.")
    return 0


