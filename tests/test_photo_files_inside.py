"""photo_files.inside: a content file is used only when no part of its path is a symbolic link
and it lies inside content/ (content can come from a pull request)."""

import os
from pathlib import Path

import pytest
from photo_files import PhotoError, PhotoMissing, inside

LINK = "symbolisk länk"
OUTSIDE = "utanför mappen content/"


@pytest.fixture
def content(tmp_path) -> Path:
    content = tmp_path / "content"
    (content / "images" / "2024").mkdir(parents=True)
    (content / "images" / "2024" / "foto.jpg").write_bytes(b"jpeg")
    (tmp_path / "hemligt").mkdir()
    (tmp_path / "hemligt" / "nyckel.jpg").write_bytes(b"secret")
    return content


def refusal(content: Path, rel: str) -> str:
    with pytest.raises(PhotoError) as raised:
        inside(content, rel)
    return f"{type(raised.value).__name__}: {raised.value}"


def test_a_file_in_content_is_its_real_path(content):
    assert inside(content, "images/2024/foto.jpg") == (content / "images/2024/foto.jpg").resolve()
    assert inside(content, "images/./2024//foto.jpg") == (content / "images/2024/foto.jpg").resolve()
    assert inside(content, "images/2024/../2024/foto.jpg") == (content / "images/2024/foto.jpg").resolve()


def test_a_content_folder_reached_through_a_link_is_still_inside(tmp_path, content):
    (tmp_path / "genvag").symlink_to(content)  # the project itself may live behind a link
    assert inside(tmp_path / "genvag", "images/2024/foto.jpg") == (content / "images/2024/foto.jpg").resolve()


@pytest.mark.parametrize("make_link, rel", [
    (lambda c, t: (c / "images" / "lank.jpg").symlink_to(t / "hemligt" / "nyckel.jpg"), "images/lank.jpg"),
    (lambda c, t: (c / "images" / "inne.jpg").symlink_to(c / "images" / "2024" / "foto.jpg"), "images/inne.jpg"),
    (lambda c, t: (c / "images" / "mapp").symlink_to(t / "hemligt"), "images/mapp/nyckel.jpg"),
    (lambda c, t: (c / "genvag").symlink_to(c / "images"), "genvag/2024/foto.jpg"),
])
def test_no_part_of_the_path_may_be_a_link_even_one_that_stays_inside(tmp_path, content, make_link, rel):
    make_link(content, tmp_path)
    assert refusal(content, rel).startswith("PhotoError: är en " + LINK)


@pytest.mark.parametrize("rel", ["../hemligt/nyckel.jpg", "images/../../hemligt/nyckel.jpg",
                                 "/etc/hostname"])
def test_a_path_out_of_content_is_refused(content, rel):
    if rel.startswith("/") and not os.path.exists(rel):
        pytest.skip("this machine has no /etc/hostname")
    assert OUTSIDE in refusal(content, rel)


@pytest.mark.parametrize("rel", ["images/2024/saknas.jpg", "saknas/foto.jpg", "images/2024/foto.jpg/mer.jpg",
                                 "images/2024"])
def test_a_missing_file_or_a_folder_is_missing(content, rel):
    assert refusal(content, rel) == "PhotoMissing: finns inte"
    with pytest.raises(PhotoMissing):
        inside(content, rel)
