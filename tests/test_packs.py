"""The cache's entries packed into a few files (packs.py): a build writes one file per kind, not
one per entry, reads back what it wrote, and the folder does not grow with every edit."""
from __future__ import annotations

import os

from archive import cache, packs
from archive.cache import Store


def session(root, code: str, values: dict[str, object], reads: list[str]) -> Store:
    """One build: the entries `reads` read, `values` put, then kept."""
    cache.MEMORY.clear()
    store = Store(root, code, remember=False)
    for key in reads:
        assert store.get("kind", key) is not None, key
    for key, value in values.items():
        store.put("kind", key, value)
    store.keep()
    return store


def test_a_build_writes_one_file_for_its_entries_and_reads_them_back(tmp_path):
    values = {f"key {i}": ("value", i, "é" * i) for i in range(300)}
    session(tmp_path, "code", values, [])
    assert len(list((tmp_path / ".cache" / "archive" / "kind").glob("*.pack"))) == 1
    cache.MEMORY.clear()
    store = Store(tmp_path, "code")
    assert all(store.get("kind", k) == v for k, v in values.items())
    assert store.get("kind", "another key") is None


def test_entries_no_build_uses_go_and_the_folder_does_not_grow(tmp_path):
    keys = [f"key {i}" for i in range(100)]
    session(tmp_path, "code", {k: k for k in keys}, [])
    folder = tmp_path / ".cache" / "archive" / "kind"
    for edit in range(3 * packs.MOST):  # one entry changed each time, the others read
        changed = keys[edit % len(keys)]
        keys[edit % len(keys)] = f"{changed} edited"
        session(tmp_path, "code", {keys[edit % len(keys)]: keys[edit % len(keys)]},
                [k for k in keys if k != keys[edit % len(keys)]])
        assert len(list(folder.glob("*.pack"))) <= packs.MOST + 1
        assert {p.name for p in folder.glob("*.list")} <= {p.name + ".list" for p in folder.glob("*.pack")}
    cache.MEMORY.clear()
    store = Store(tmp_path, "code")
    assert all(store.get("kind", k) == k for k in keys)
    names = {name for pack in folder.glob("*.pack") for name, _, _ in packs.headers(pack)}
    assert names >= {store.name(k) for k in keys} and len(names) <= 2 * len(keys)  # at most as much stale as used
    session(tmp_path, "code", {}, keys[:10])
    assert sum(pack.stat().st_size for pack in folder.glob("*.pack")) < 20 * 1024  # the other 90 are gone


def test_a_forked_process_writes_its_own_pack_and_the_parent_keeps_it(tmp_path):
    cache.MEMORY.clear()
    store = Store(tmp_path, "code", remember=False)
    # Entries of a real size: a pack whose header lines outweigh its used entries is gathered
    # into the parent's (keep()), as a pack mostly unused.
    parents, childs = "1" * 1000, "2" * 1000
    store.put("kind", "parent's", parents)
    pid = os.fork()
    if pid == 0:
        try:
            store.put("kind", "child's", childs)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    store.known("kind", "child's", childs)
    store.keep()
    assert len(list((tmp_path / ".cache" / "archive" / "kind").glob("*.pack"))) == 2
    cache.MEMORY.clear()
    again = Store(tmp_path, "code")
    assert (again.get("kind", "parent's"), again.get("kind", "child's")) == (parents, childs)


def test_a_packs_list_names_its_entries_as_its_headers_do_and_a_list_cut_short_is_finished_from_them(tmp_path):
    """packs.lister(): indexing reads each pack's list, not a header for each entry; a list cut
    short (a killed build), or naming more than the pack holds, is taken as far as it is whole,
    the rest found by the headers."""
    values = {f"key {i}": ("value", i, "é" * i) for i in range(50)}
    session(tmp_path, "code", values, [])
    pack, = (tmp_path / ".cache" / "archive" / "kind").glob("*.pack")
    listing = packs.lister(pack)
    whole = list(packs.headers(pack))
    assert len(whole) == 50 and list(packs.listed(pack)) == whole
    lines = listing.read_bytes().split(b"\n")
    listing.write_bytes(b"\n".join(lines[:20]) + b"\n" + lines[20][:7])  # 20 lines and part of one
    assert list(packs.listed(pack)) == whole
    listing.unlink()
    assert list(packs.listed(pack)) == whole  # a pack of an older cache, without a list
    data = pack.read_bytes()
    pack.write_bytes(data[:whole[30][1] + 1])  # cut in the 31st entry
    listing.write_bytes(b"\n".join(lines))
    assert list(packs.listed(pack)) == whole[:30]
    cache.MEMORY.clear()
    store = Store(tmp_path, "code")
    assert [store.get("kind", f"key {i}") for i in (0, 29, 30)] == [values["key 0"], values["key 29"], None]
