"""Under `mkdocs serve`, MkDocs' list of docs/ kept from one rebuild to the next while docs/ holds
the same names (an accelerator: the list is the one MkDocs makes). MkDocs lists docs/ at every
rebuild and makes a File of each name, worked out from the name and the configuration alone and
matched against the exclusion patterns: about 16,000 at 5,005 articles, which a save that
rewrites three pages does not change. The hook installs it (on_startup, under serve only).

A dirty rebuild asks of every file whether it changed since it was last built (File.is_modified:
three stat() calls, twice a page); here each file's status (inode, size, times) is taken once,
when it is listed, and a file whose status is the one it had when the last finished build listed
it is not modified, and any other is. (A change that keeps the modification time, which MkDocs'
own rule misses, changes the change time.) A status within RACY_NS of its listing is not
trusted, as git does: the file is built again.
"""
from __future__ import annotations

import os
import time

from .ingest.sources import RACY_NS
# (what the files were listed for: the folders, the URL style, the patterns; docs/'s names; the Files)
_listed: list[tuple] = []
# Source path -> status: as the build under way listed the files, and as the last finished one did.
_status: dict[str, dict[str, tuple]] = {"listed": {}, "built": {}}


def names(docs_dir: str) -> list[tuple[str, tuple[str, ...]]]:
    """Every folder of docs/ (as MkDocs walks it, links followed) and the names of its files."""
    found = []
    for folder, subfolders, files in os.walk(docs_dir, followlinks=True):
        subfolders.sort()
        found.append((folder, tuple(sorted(files))))
    return found


def status(path: str) -> tuple | None:
    try:
        s = os.stat(path)
    except OSError:
        return None
    return s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns


def built() -> None:
    """The build under way has ended (the hook's on_post_build): its files are the built ones."""
    _status["built"] = _status["listed"]


def keep_listing() -> None:
    """Wrap the `get_files` MkDocs' build calls and File.is_modified (once, whatever the number
    of rebuilds)."""
    import mkdocs.commands.build as build_command
    from mkdocs.structure.files import File, Files

    if getattr(build_command.get_files, "archive_kept", False):
        return
    listing, modified = build_command.get_files, File.is_modified

    def is_modified(file: File) -> bool:
        known = _status["built"].get(file.abs_src_path)
        if known is None or file._content is not None:
            return modified(file)  # not built by the last finished build: MkDocs' own rule
        # Changed since, or too recently to tell (not listed): built again.
        return _status["listed"].get(file.abs_src_path) != known

    def get_files(config) -> Files:
        files = list_files(config)
        trusted = time.time_ns() - RACY_NS
        _status["listed"] = {file.abs_src_path: now for file in files
                             if (now := status(file.abs_src_path)) is not None and now[3] < trusted}
        return files

    def list_files(config) -> Files:
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
    File.is_modified = is_modified
