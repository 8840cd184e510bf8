"""What docs/ carries besides the pages so that any engine renders it right on its own, with no
MkDocs hook: MkDocs + Material and Zensical read the same files.

- `raw/<slug>.txt`, each article's raw page dump, byte for byte, linked from its page. A copy
  rather than a link into sources/ because an engine publishes only what is in docs/. It costs the
  checkout the raw dumps' size again (about 10 KB an article), but not the repository: git
  stores a file's content once, so the copy is the very blob of sources/articles/<slug>.txt.
- `allowed-tags.yml`, the tags plugin's allow-list (the positions' and proposals' names, as the
  pages write their tags), which mkdocs.yml inherits: a tag outside the vocabularies fails the
  build on either engine. A hook cannot set it: the tags plugin reads its settings before any
  hook runs.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from ..core.article import Article
from ..core.vocabulary import Vocabulary
from ..keys import Unchanged
from ..site.markup import SAFE_DUMPER, html_meta
from ..site.structure import raw_path

ALLOWED_TAGS = "allowed-tags.yml"


def files(voc: Vocabulary, articles: list[Article], sources: dict[Path, bytes], folder: Path) -> dict[str, str | bytes | Unchanged]:
    """docs/ paths and contents. `sources`: the files read from `folder` (sources/articles)."""
    # Each copy known by the SHA-256 reading took of the raw file (the article's sha256): the
    # writer compares it with the file docs/ holds, without hashing every dump again each build
    # (nor reading it: a snapshot may have left it unread, ingest/unread.py).
    out: dict[str, str | bytes | Unchanged] = {raw_path(a.raw_name): Unchanged(a.sha256, lambda path=folder / a.raw_name: sources[path])
                                               for a in articles}
    allowed = [html_meta(x.name) for x in (*voc.positions, *voc.proposals)]
    out[ALLOWED_TAGS] = "# Written by `archive build` from sources/vocabularies/; mkdocs.yml inherits it.\n" + \
        yaml.dump({"plugins": {"tags": {"tags_allowed": allowed}}}, Dumper=SAFE_DUMPER, allow_unicode=True,
                  sort_keys=False, width=10_000, default_flow_style=False)
    return out
