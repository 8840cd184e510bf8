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


def test_what_the_build_under_way_has_seen_asks_for_no_second_rebuild(tmp_path):
    """A save heard again by MkDocs' poller after the normaliser was asked, and the files it
    wrote before it answered (serve.answering, serve.answered), and hidden files (its manifest,
    its temporary files) start no rebuild, through the native observer or MkDocs' own poller; a
    file changed after the answer, a save after the question, or a removal does."""
    from archive import serve

    docs, sources = tmp_path / "docs", tmp_path / "sources"
    (docs / "articles").mkdir(parents=True)
    sources.mkdir()
    page, record = docs / "articles" / "a.md", sources / "a.yml"
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    for folder in (docs, sources):
        server.watch(str(folder))
        accelerator.watch_unless(server, str(folder), serve.seen)
    serve.listen(server, str(docs), str(sources))
    observer = accelerator.notice_at_once(server, [str(docs), str(sources)], serve.seen)
    server.observer.start()
    try:
        time.sleep(0.6)
        record.write_text("title: A\n", encoding="utf-8")
        assert wants_rebuild(server)  # the save, from the kernel
        time.sleep(0.6)  # and from MkDocs' poller, which may hear it after the rebuild began:
        wants_rebuild(server, within=0.1)
        serve.answering()  # the rebuild begins (the hook's server.builder, wrapped by serve.listen)
        assert serve.seen(str(record))  # then it asks for no second one
        page.write_text("# A\n", encoding="utf-8")
        (docs / ".archive-manifest.json").write_text("{}\n", encoding="utf-8")
        (docs / "articles" / ".a.md.1.tmp").write_text("# A\n", encoding="utf-8")
        time.sleep(0.3)  # the native observer's events, heard while it answers
        serve.answered()
        assert not wants_rebuild(server, within=1.5)  # the poller's 0.5 s included

        page.write_text("# A, changed after the answer\n", encoding="utf-8")
        assert wants_rebuild(server)
        time.sleep(0.6)
        wants_rebuild(server, within=0.1)
        serve.answering()
        time.sleep(0.05)
        record.write_text("title: B\n", encoding="utf-8")  # saved after the rebuild began
        time.sleep(0.3)
        serve.answered()
        assert wants_rebuild(server)
        time.sleep(0.6)
        wants_rebuild(server, within=0.1)
        page.unlink()
        assert wants_rebuild(server)
    finally:
        observer.stop()
        observer.join()
        server.observer.stop()
        server.observer.join()
        server.server_close()


def test_a_rebuild_that_meets_a_file_the_background_build_replaced_is_made_again(monkeypatch):
    """MkDocs lists docs/, then stats each file: Pagefind's index, replaced meanwhile by the
    normaliser's background build, was gone between the two (FileNotFoundError, 'The server will
    appear stuck', in a full CI run at 21:23 on 6 December). The rebuild is made again."""
    import mkdocs.commands.serve as serve_command

    from archive import serve

    calls = []

    def racing(config, *, serve_url=None, dirty=False):
        calls.append(dirty)
        if len(calls) == 1:
            raise FileNotFoundError(2, "No such file or directory", "docs/pagefind/pagefind.en_0.pf_meta")
        return "built"

    monkeypatch.setattr(serve_command, "build", racing)
    serve.rebuild_dirty()
    assert serve_command.build(None) == "built"
    assert calls == [False, False]


def test_under_the_hook_mkdocs_poller_leaves_what_the_kernel_reports(tmp_path, monkeypatch):
    """MkDocs' poller stat()s every file of docs/ and sources/ every 0.5 s (half the two cores of
    an idle server at 5,005 articles): where inotify reports, the hook takes those folders off
    it; saves are still heard, and the configuration file is still polled."""
    from types import SimpleNamespace

    from archive import mkdocs_hook

    observers = []  # the hook's native observer, stopped at the end (a thread left running
    # would make later tests' reading refuse to fork)
    real = accelerator.notice_at_once
    monkeypatch.setattr(accelerator, "notice_at_once", lambda *args: observers.append(real(*args)) or observers[-1])
    docs, sources, config_file = tmp_path / "docs", tmp_path / "sources", tmp_path / "mkdocs.yml"
    docs.mkdir()
    sources.mkdir()
    config_file.write_text("site_name: A\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    server.watch(str(docs))  # as mkdocs serve does before on_serve
    server.watch(str(config_file))
    mkdocs_hook.on_serve(server, SimpleNamespace(docs_dir=str(docs), config_file_path=str(config_file)), None)
    server.observer.start()
    try:
        # (watchdog watches a file through its folder, not recursively)
        polled = {(emitter.watch.path, emitter.watch.is_recursive) for emitter in server.observer.emitters}
        assert polled == {(str(tmp_path), False)}
        time.sleep(0.2)
        (sources / "a.yml").write_text("title: A\n", encoding="utf-8")
        assert wants_rebuild(server)
        (docs / "a.md").write_text("# A\n", encoding="utf-8")
        assert wants_rebuild(server)
    finally:
        for observer in filter(None, observers):
            observer.stop()
            observer.join()
        server.observer.stop()
        server.observer.join()
        server.server_close()
