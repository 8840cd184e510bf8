"""`mkdocs serve` hears of a save from the kernel (accelerator.notice_at_once), on a real MkDocs
LiveReloadServer whose own poller is never started: only the native observer can ask it to rebuild."""
from __future__ import annotations

import time

from mkdocs.livereload import LiveReloadServer

from archive import accelerator


def wants_rebuild(server: LiveReloadServer, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with server._rebuild_cond:
            if server._want_rebuild:
                server._want_rebuild = False
                return True
        time.sleep(0.01)
    return False


def test_a_saved_file_asks_for_a_rebuild_and_a_read_does_not(tmp_path):
    (tmp_path / "sources").mkdir()
    record = tmp_path / "sources" / "a.yml"
    record.write_text("title: A\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    observer = accelerator.notice_at_once(server, [str(tmp_path / "sources")])
    assert observer is not None  # Linux: inotify
    try:
        time.sleep(0.2)
        assert record.read_text(encoding="utf-8") and not wants_rebuild(server, within=1)  # reading is no change
        record.write_text("title: B\n", encoding="utf-8")
        assert wants_rebuild(server)
        (tmp_path / "sources" / "b.yml").write_text("title: C\n", encoding="utf-8")
        assert wants_rebuild(server)
        record.unlink()
        assert wants_rebuild(server)
    finally:
        observer.stop()
        observer.join()
        server.server_close()
