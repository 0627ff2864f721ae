"""Cached files are placed in the output as hard links where possible, else copied (output_files.py)."""

from __future__ import annotations

import os

from output_files import place


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
