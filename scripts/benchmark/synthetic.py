"""One synthetic article: a seed's page with its title, authors and body replaced (paragraphs
of every seed mixed), and a record whose date, position, stances and arguments vary within the
vocabularies. Article number i is the same at every N."""
from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from pathlib import Path

from archive.authoring.draft_record import make_slug

from .seeds import Seeds


SUBJECTS = [
    "A European reassurance force", "NATO peacekeepers", "A UN mission", "Blue helmets in Donbas",
    "The coalition of the willing", "A demilitarised zone", "An American backstop",
    "Western troops in Ukraine", "Observers on the line of contact", "A neutral peacekeeping force",
    "Europe’s “peacekeepers”", "Boots on the ground", "A tripwire brigade", "Security guarantees",
    "A ceasefire monitoring mission", "Reactive deployments", "Arming Kyiv", "Talks with Moscow",
]


CLAIMS = [
    "would freeze the war", "cannot keep a peace that does not exist", "is a trial balloon full of holes",
    "needs Russia’s consent", "will not deter Moscow", "could work, on conditions",
    "is the wrong guarantee for Kyiv", "risks a wider war", "is no substitute for arms",
    "depends on Washington", "would be partial from the outset", "deserves a serious hearing",
    "is a distraction", "would lock in Russia’s conquests", "may be the least bad option",
    "is not what Ukraine needs", "raises more questions than it answers",
]


FRAMES = [
    "{s} {c}", "Why {sl} {c}", "{s} {c} — and Europe knows it", "Analysis: {sl} {c}",
    "Opinion: {sl} {c}", "The case against {sl}", "The case for {sl}", "What if {sl} {c}?",
    "{s}: questions & answers", "Three reasons {sl} {c}", "After the summit: {sl} {c}",
    "“{s} {c}”, says a former envoy", "Is {sl} the answer? Not yet",
]


FIRST = ["Anna", "Jan", "Maria", "Olena", "Pieter", "Sophie", "Tomasz", "Ingrid", "Luca", "Amélie", "Dmytro",
         "Katarzyna", "Henrik", "Claire", "Mykola", "Elena", "Jonas", "Marta", "Oliver", "Zofia", "Rafael",
         "Hanna", "Łukasz", "Sara", "Matteo", "Iryna", "Niels", "Camille", "Andrius", "Ewa", "Bruno", "Lea",
         "Viktor", "Agnieszka", "Samuel", "Nora", "Taras", "Julia", "Emil", "Chiara", "Ólafur", "Rosa",
         "Daniel", "Greta", "Petro", "Laura", "Maksym", "Inès", "Tobias", "Yulia", "Søren", "Alicia",
         "Marek", "Fatima", "George", "Helena", "Ivan", "Lotte", "Paul", "Vera"]


LAST = ["Kowalska", "de Vries", "Schneider", "Bondarenko", "Jansen", "Dubois", "Nowak", "Lindqvist", "Rossi",
        "Moreau", "Shevchenko", "Wiśniewska", "Andersen", "Laurent", "Kovalenko", "Petrova", "Berg",
        "Zielińska", "Hughes", "Mazur", "Costa", "Virtanen", "Horvath", "Fischer", "Melnyk", "Novak",
        "García", "Olsen", "Kaminski", "Martin", "Tkachenko", "Ivanova", "Becker", "Lewandowski", "Brown",
        "Romano", "Hansen", "Bauer", "Marchenko", "Sokolova", "Dvořák", "Nilsson", "Ferreira", "Kuznetsova",
        "Walsh", "Weber", "Rudenko", "Papadopoulos", "Taylor", "Müller", "Lysenko", "Svoboda", "Keller",
        "O’Brien", "Jovanović", "Koch", "Pavlenko", "Meyer", "Evans", "Kovač"]


DOMAINS = {
    "defense-one": "www.defenseone.com", "the-national-interest": "nationalinterest.org",
    "responsible-statecraft": "responsiblestatecraft.org",
    "leiden-security-and-global-affairs-blog": "leidensecurityandglobalaffairs.nl",
}


def name_pool() -> list[str]:
    # Names whose words are all capitalised, so a bio line "Name is a ..." is recognised.
    names = [f"{f} {last}" for f in FIRST for last in LAST if last[0].isupper()]
    random.Random("bench-authors").shuffle(names)
    return names


NAMES = name_pool()


PLURAL = ("NATO peacekeepers", "Blue helmets", "Western troops", "Boots", "Security guarantees", "Observers",
          "Reactive deployments", "Talks", "Europe’s “peacekeepers”")


PLURAL_VERBS = {"is": "are", "needs": "need", "depends": "depend", "deserves": "deserve", "raises": "raise",
                "risks": "risk"}


def synthetic_title(rng: random.Random) -> str:
    s, c = rng.choice(SUBJECTS), rng.choice(CLAIMS)
    if s.startswith(PLURAL):
        verb, _, rest = c.partition(" ")
        c = f"{PLURAL_VERBS.get(verb, verb)} {rest}"
    sl = s if s.startswith(("NATO", "Europe", "Blue", "Western", "Boots", "Security", "Arming", "Talks", "Reactive",
                            "Observers")) else s[0].lower() + s[1:]
    frame = rng.choice(FRAMES)
    if s.startswith(PLURAL):
        frame = frame.replace("Is {sl}", "Are {sl}")
    return frame.format(s=s, c=c, sl=sl)


def pick_authors(rng: random.Random) -> list[str]:
    # Log-uniform over the pool: a few prolific authors, a long tail of occasional ones.
    count = rng.choices([1, 2, 3], weights=[75, 20, 5])[0]
    chosen: list[str] = []
    while len(chosen) < count:
        name = NAMES[int(len(NAMES) ** rng.random()) - 1]
        if name not in chosen:
            chosen.append(name)
    return chosen


def pick_date(rng: random.Random) -> tuple[str, str, str]:
    year = rng.randint(2022, 2026)
    month = rng.randint(1, 11 if year == 2026 else 12)
    day = rng.randint(1, 28)
    precision = rng.choices(["day", "month", "year"], weights=[60, 25, 15])[0]
    value = {"day": f"{year}-{month:02d}-{day:02d}", "month": f"{year}-{month:02d}", "year": f"{year}"}[precision]
    basis = {"day": "The dateline under the title (synthetic benchmark record).",
             "month": "The text dates itself to this month; the day is not stated (synthetic benchmark record).",
             "year": "Inferred from the events the text refers to; year only (synthetic benchmark record)."}[precision]
    return value, precision, basis


def pick_quote(rng: random.Random, paragraph: str) -> str:
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", paragraph)]
    fitting = [s for s in sentences if 40 <= len(s) <= 400]
    if fitting:
        return rng.choice(fitting)
    return paragraph[:200].rsplit(" ", 1)[0].strip()


@dataclass
class Generated:
    slug: str
    raw: bytes
    record: dict
    body: list[str]  # normalised body paragraphs as placed
    title: str


def synthesise(seeds: Seeds, i: int, seed: int, attempt: int = 0) -> Generated:
    """Article number i: the same article at every N (its randomness depends on i only)."""
    rng = random.Random(f"bench-{seed}-{i}-{attempt}")
    _, _, _, _, normalise = seeds.checker
    t = seeds.templates[i % len(seeds.templates)]
    title = synthetic_title(rng)
    lines = list(t.lines)
    for k in t.title_lines:
        lines[k] = title
    if t.standfirst is not None:
        lines[t.standfirst] = rng.choice(seeds.standfirsts)
    has_author_lines = t.byline is not None or t.bio is not None
    unknown = rng.random() < (0.10 if has_author_lines else 0.35)
    authors = [] if unknown else pick_authors(rng)
    if t.byline is not None:
        lines[t.byline] = ("By " + (", ".join(authors[:-1]) + " and " + authors[-1] if len(authors) > 1 else authors[0])
                           if authors else "")
    if t.bio is not None:
        lines[t.bio] = lines[t.bio].replace(t.bio_name, authors[0], 1) if authors else ""
    # The body: paragraphs mixed from every seed, at least as long as the shortest seed.
    pool = list(seeds.paragraphs)
    rng.shuffle(pool)
    want = rng.randint(7, 14)
    body: list[str] = []
    for p in pool:
        body.append(p)
        if len(body) >= want and sum(len(normalise(b)) for b in body) >= seeds.min_body_chars:
            break
    while True:
        new_lines = lines[:t.body_start] + [x for p in body for x in (p, "")][:-1] + lines[t.body_end + 1:]
        text = "\n".join(new_lines) + ("\n" if t.trailing_newline else "")
        raw = text.encode("utf-8")
        if len(raw) >= seeds.min_raw_bytes or len(body) == len(pool):
            break
        body.append(next(p for p in pool if p not in body))
    placed = [normalise(p) for p in body]
    sha = hashlib.sha256(raw).hexdigest()
    slug = f"{make_slug(title, Path(), sha)}-{i + 1:05d}"  # as `archive new` makes it, numbered

    date, precision, date_basis = pick_date(rng)
    proposals = rng.sample(seeds.proposals, rng.randint(1, min(4, len(seeds.proposals))))
    stances = [{"id": p, "stance": rng.choice(seeds.positions),
                "basis": pick_quote(rng, rng.choice(placed))} for p in proposals]
    arguments, used = [], set()
    for _ in range(rng.randint(3, 6)):
        proposal = rng.choice(proposals)
        fitting = [a for a, ps in seeds.arguments.items() if proposal in ps] or list(seeds.arguments)
        argument = rng.choice(fitting)
        if (argument, proposal) in used:
            continue
        used.add((argument, proposal))
        arguments.append({"id": argument, "proposal": proposal, "quote": pick_quote(rng, rng.choice(placed))})
    if len(arguments) < 3:  # duplicates skipped: top up with other arguments
        for argument in seeds.arguments:
            if len(arguments) >= 3:
                break
            if (argument, proposals[0]) not in used:
                used.add((argument, proposals[0]))
                arguments.append({"id": argument, "proposal": proposals[0], "quote": pick_quote(rng, rng.choice(placed))})
    url = None
    if rng.random() < 0.6:
        url = f"https://{DOMAINS.get(t.publisher, t.publisher + '.example.org')}/{date[:4]}/{slug}"
    if t.byline is not None:
        author_basis = f"Byline on the page: \"{lines[t.byline]}\"."
    elif t.bio is not None:
        author_basis = "The author bio after the article (synthetic benchmark record)."
    else:
        author_basis = "Named on the publisher's author page (synthetic benchmark record)."
    record = {
        "title": title if rng.random() < 0.15 else None,
        "standfirst": None,
        "url": url,
        "url_basis": None if url else "The raw dump does not contain the page address (synthetic benchmark record).",
        "publisher": {"id": t.publisher, "basis": f"Page structure of the seed {t.slug} (synthetic benchmark record)."},
        "date": {"value": date, "precision": precision, "basis": date_basis},
        "authors": [{"name": a, "basis": author_basis} for a in authors],
        "authors_unknown": None if authors else "The page names no author (synthetic benchmark record).",
        "editor": "benchmark generator (synthetic record)",
        "position": {"id": rng.choice(seeds.positions), "basis": pick_quote(rng, rng.choice(placed))},
        "proposals": stances,
        "arguments": arguments,
        "source": {"original_name": f"{i:05d}_{sha[:16]}.txt", "sha256": sha},
    }
    return Generated(slug, raw, record, placed, normalise(title))
