"""data/datapackage.json: the dataset's files described as a Frictionless Data Package, with
their licence and what in each is not ours (data/index.md lists the same FILES)."""
from __future__ import annotations

from .licence import LICENCE_ID, LICENCE_TITLE, LICENCE_URL, statement

# Files of the dataset: (name in data/, what it holds, what in it is not ours).
FILES = [
    ("archive.json", "everything below in one file: positions, publishers, proposals, arguments, articles (with every basis), stances, quotes",
     "the articles' titles and standfirsts and the quotes"),
    ("archive.schema.json", "the JSON Schema (draft 2020-12) that archive.json follows", None),
    ("citations.json", "per article, and per external source the records cite, its CSL-JSON item and its Chicago and APA "
     "entries (HTML), made by citeproc-py", "the articles' and the sources' titles"),
    ("articles.csv", "one row per article", "the title column"),
    ("stances.csv", "one row per article and proposal: the stance, its basis and who assigned it", None),
    ("quotes.csv", "one row per quoted argument, with the paragraph it comes from", "the text column"),
    ("proposals.csv", "the proposals", None), ("arguments.csv", "the arguments", None),
    ("positions.csv", "the positions", None), ("publishers.csv", "the publishers", None),
    ("datapackage.json", "these files described as a Data Package (frictionlessdata.io), with their licence", None),
]


def package(title: str) -> dict:
    """The dataset as a Frictionless Data Package: CSV has no place for a licence, so this file,
    the usual companion of CSV files, names each file, its licence, and what in it is not ours."""
    def resource(name: str, what: str, theirs: str | None) -> dict:
        kind = name.rsplit(".", 1)[1]
        note = f" Not ours: {theirs}, which remain the copyright of their authors and publishers, reproduced here " \
               "for research and reference." if theirs else ""
        return {"name": name.removesuffix("." + kind).replace(".", "-"), "path": name, "format": kind,
                "mediatype": {"csv": "text/csv", "json": "application/json"}[kind], "encoding": "utf-8",
                "description": what[0].upper() + what[1:] + "." + note}
    return {"name": "peacekeeping-in-ukraine-argument-archive", "title": title,
            "description": statement(title),
            "licenses": [{"name": LICENCE_ID, "path": LICENCE_URL, "title": LICENCE_TITLE}],
            "resources": [resource(*f) for f in FILES if f[0] != "datapackage.json"]}
