"""Under `mkdocs serve`, MkDocs' list of docs/ kept from one rebuild to the next while docs/ holds
the same names (an accelerator: the list is the one MkDocs makes). MkDocs lists docs/ at every
rebuild and makes a File of each name, worked out from the name and the configuration alone and
matched against the exclusion patterns: about 16,000 at 5,005 articles, which a save that
rewrites three pages does not change. The hook installs it (on_startup, under serve only).
"""
from __future__ import annotations

import os

# (what the files were listed for: the folders, the URL style, the patterns; docs/'s names; the Files)
_listed: list[tuple] = []


def names(docs_dir: str) -> list[tuple[str, tuple[str, ...]]]:
    """Every folder of docs/ (as MkDocs walks it, links followed) and the names of its files."""
    found = []
    for folder, subfolders, files in os.walk(docs_dir, followlinks=True):
        subfolders.sort()
        found.append((folder, tuple(sorted(files))))
    return found


def keep_listing() -> None:
    """Wrap the `get_files` MkDocs' build calls (once, whatever the number of rebuilds)."""
    import mkdocs.commands.build as build_command
    from mkdocs.structure.files import Files

    if getattr(build_command.get_files, "archive_kept", False):
        return
    listing = build_command.get_files

    def get_files(config) -> Files:
        made_for = (config.docs_dir, config.site_dir, config.use_directory_urls,
                    *(str(config.get(option)) for option in ("exclude_docs", "draft_docs", "not_in_nav")))
        now = names(config.docs_dir)
        if _listed and _listed[0][:2] == (made_for, now):
            files = _listed[0][2]
            for file in files:
                file.page = None  # as a new File has it: the build makes each page again
            return Files(list(files))  # a list of its own: the build adds the theme's files to it
        found = listing(config)
        _listed[:] = [(made_for, now, list(found))]
        return found

    get_files.archive_kept = True
    build_command.get_files = get_files
