"""output_files.py: cached files are placed in the output as hard links where possible, else copied;
every other output file is written whole (the build-level check is in test_parallel_build.py)."""

from __future__ import annotations

import os

import pytest
from output_files import open_whole, place, write_whole


def test_a_file_is_linked_not_copied_and_an_older_one_is_replaced(tmp_path):
    source = tmp_path / "cache" / "a.jpg"
    source.parent.mkdir()
    source.write_bytes(b"bild")
    target = tmp_path / "out" / "images" / "a.jpg"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"gammal")
    place(source, target)
    assert os.path.samefile(source, target) and target.read_bytes() == b"bild"
    place(source, target)  # placed again (the preview): nothing changes
    assert os.path.samefile(source, target)


def test_where_no_link_can_be_made_the_file_is_copied(tmp_path, monkeypatch):
    source = tmp_path / "a.mp4"
    source.write_bytes(b"film")
    target = tmp_path / "out" / "media" / "a.mp4"

    def no_links(*args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    place(source, target)
    assert target.read_bytes() == b"film" and not os.path.samefile(source, target)


def test_a_file_written_whole_leaves_a_reader_of_the_old_one_the_whole_old_file(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("<html>gammal sida</html>", encoding="utf-8")
    with page.open(encoding="utf-8") as reader:  # the preview's server, half way through a request
        write_whole(page, "<html>ny sida</html>")
        assert reader.read() == "<html>gammal sida</html>"
    assert page.read_text(encoding="utf-8") == "<html>ny sida</html>"
    with open_whole(page) as file:
        file.write("<html>")
        assert page.read_text(encoding="utf-8") == "<html>ny sida</html>"  # nothing shows until it is closed
        file.write("tredje</html>")
    assert page.read_text(encoding="utf-8") == "<html>tredje</html>"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_a_write_that_fails_keeps_the_old_file_and_leaves_no_draft(tmp_path):
    feed = tmp_path / "alla.atom.xml"
    feed.write_bytes(b"<feed/>")
    with pytest.raises(RuntimeError), open_whole(feed) as file:
        file.write("<feed>halv")
        raise RuntimeError("mallen gick sönder")
    assert feed.read_bytes() == b"<feed/>"
    assert [p.name for p in tmp_path.iterdir()] == ["alla.atom.xml"]
