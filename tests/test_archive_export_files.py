"""Hostile and damaged exports: one clear line, exit status 1, and the archive byte for byte as before."""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import pytest

from social_archive.export_files import ExportError, Limits, open_export
from social_archive.importer import import_exports
from social_archive.platforms import importable, in_words
from tests.archive_support import export, instagram_posts, make_zip, photo, run, tree

SHARES = (
    "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
    '2025-01-02 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7280000000000000001,"Rad ett""\n""rad två",,,\n'
)


def linkedin_zip(path: Path, shares: bytes = SHARES.encode(), extra: list | None = None) -> Path:
    return make_zip(path, [("Profile.csv", b"First Name\nAnna\n"), ("Shares.csv", shares), *(extra or [])])


def instagram_zip(path: Path, uri: str) -> Path:
    posts = [{"media": [{"uri": uri, "creation_timestamp": 1704800000, "title": "Hej"}]}]
    return make_zip(path, [("your_instagram_activity/media/posts_1.json", json.dumps(posts).encode())])


def symlink_member(path: Path) -> Path:
    info = zipfile.ZipInfo("Shares.csv")
    info.external_attr = 0o120777 << 16  # S_IFLNK: what `zip --symlinks` writes
    return make_zip(path, [("Profile.csv", b"x"), (info, b"/etc/passwd")])


def written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def encrypted_member(path: Path) -> Path:
    linkedin_zip(path)
    data = bytearray(path.read_bytes())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + flag_offset] |= 0x1  # the "encrypted" bit, as a password-protected zip has
            start += 4
    path.write_bytes(bytes(data))
    return path


def corrupted_data(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("Profile.csv", b"First Name\nAnna\n")
        archive.writestr("Shares.csv", SHARES.encode())
    data = path.read_bytes()
    at = data.index(b"Rad ett")
    path.write_bytes(data[:at] + b"X" + data[at + 1 :])  # CRC no longer matches
    return path


def truncated_zip(path: Path) -> Path:
    linkedin_zip(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def symlink_in_folder(path: Path) -> Path:
    path.mkdir()
    (path / "Profile.csv").write_text("First Name\nAnna\n")
    os.symlink("/etc/passwd", path / "Shares.csv")
    return path


def huge_file_in_folder(path: Path) -> Path:
    path.mkdir()
    with (path / "Shares.csv").open("wb") as handle:
        handle.truncate(5 * 1024**3)  # sparse: 5 GB on paper, nothing on disk
    return path


def undecodable_name(path: Path) -> Path:
    path.mkdir()
    (path / "Profile.csv").write_text("First Name\nAnna\n")
    (path / os.fsdecode(b"Shares\xff.csv")).write_text("x")  # a byte that is not UTF-8
    return path


def zip_bomb(path: Path) -> Path:
    return linkedin_zip(path, extra=[("bomb.bin", bytes(20 * 1024 * 1024))])


CASES = {
    "dotdot": (
        lambda p: linkedin_zip(p / "x.zip", extra=[("../evil.csv", b"x")]),
        "fel: ../evil.csv: sökvägen pekar ut ur exporten (..)",
    ),
    "absolute": (
        lambda p: linkedin_zip(p / "x.zip", extra=[("/etc/cron.d/evil", b"x")]),
        "fel: /etc/cron.d/evil: absolut sökväg; filer i en export måste ligga inuti den",
    ),
    "backslash": (
        lambda p: linkedin_zip(p / "x.zip", extra=[("..\\..\\evil.csv", b"x")]),
        "fel: ..\\..\\evil.csv: bakstreck (\\) i sökvägen; exporten kan vara manipulerad",
    ),
    "drive letter": (
        lambda p: linkedin_zip(p / "x.zip", extra=[("C:/Windows/evil.csv", b"x")]),
        "fel: C:/Windows/evil.csv: enhetsbokstav i sökvägen; filer i en export måste ligga inuti den",
    ),
    "symlink member": (
        lambda p: symlink_member(p / "x.zip"),
        "fel: Shares.csv: symbolisk länk i zip-filen; sådana läses aldrig",
    ),
    "symlink in folder": (
        lambda p: symlink_in_folder(p / "export"),
        "fel: Shares.csv: symbolisk länk i exportmappen; sådana läses aldrig",
    ),
    "encrypted": (
        lambda p: encrypted_member(p / "x.zip"),
        "fel: Profile.csv: filen är krypterad (lösenordsskyddad zip)",
    ),
    "duplicate member": (
        lambda p: linkedin_zip(p / "x.zip", extra=[("Shares.csv", b"x")]),
        "fel: Shares.csv: filen finns två gånger i exporten",
    ),
    "uri outside": (
        lambda p: instagram_zip(p / "x.zip", "../../../etc/passwd.jpg"),
        "fel: your_instagram_activity/media/posts_1.json: inlägg 1, bild 1: sökvägen '../../../etc/passwd.jpg' pekar utanför exporten",
    ),
    "uri absolute": (
        lambda p: instagram_zip(p / "x.zip", "/etc/passwd.jpg"),
        "fel: your_instagram_activity/media/posts_1.json: inlägg 1, bild 1: sökvägen '/etc/passwd.jpg' pekar utanför exporten",
    ),
    "uri url": (
        lambda p: instagram_zip(p / "x.zip", "https://evil.example/x.jpg"),
        "fel: your_instagram_activity/media/posts_1.json: inlägg 1, bild 1: sökvägen 'https://evil.example/x.jpg' pekar utanför exporten",
    ),
    "corrupt zip": (
        lambda p: written(p / "x.zip", b"PK\x03\x04 inte alls en zip"),
        "fel: x.zip: inte en hel zip-fil; den är skadad eller bara delvis nedladdad (File is not a zip file)",
    ),
    "truncated zip": (
        lambda p: truncated_zip(p / "x.zip"),
        "fel: x.zip: inte en hel zip-fil; den är skadad eller bara delvis nedladdad (File is not a zip file)",
    ),
    "zero-byte zip": (
        lambda p: written(p / "x.zip", b""),
        "fel: x.zip: inte en hel zip-fil; den är skadad eller bara delvis nedladdad (File is not a zip file)",
    ),
    "damaged member": (
        lambda p: corrupted_data(p / "x.zip"),
        "fel: Shares.csv: filen kan inte packas upp; zip-filen är skadad (Bad CRC-32 for file 'Shares.csv')",
    ),
    "truncated csv in a quote": (
        lambda p: linkedin_zip(p / "x.zip", SHARES.encode()[:-20]),
        "fel: Shares.csv: trasig CSV, filen kan vara avklippt (unexpected end of data)",
    ),
    "truncated csv row": (
        lambda p: linkedin_zip(p / "x.zip", SHARES.encode() + b"2025-01-03 10:00:00,https://x\n"),
        "fel: Shares.csv: rad 4 har 2 fält men rubriken har 6; filen kan vara avklippt",
    ),
    "wrong csv header": (
        lambda p: linkedin_zip(p / "x.zip", "Datum,Länk,Text\n2025-01-01,x,y\n".encode()),
        "fel: Shares.csv: rubrikraden saknar kolumnen Date, ShareLink, ShareCommentary (fann: Datum,Länk,Text)",
    ),
    "zero-byte csv": (
        lambda p: linkedin_zip(p / "x.zip", b""),
        "fel: Shares.csv: filen är tom; den ska börja med rubrikraden Date,ShareLink,ShareCommentary",
    ),
    "not utf-8 csv": (
        lambda p: linkedin_zip(
            p / "x.zip", SHARES.replace("två", "tv\udce5").encode("utf-8", "surrogateescape")
        ),
        "fel: Shares.csv: filen är inte UTF-8 (byte 176)",
    ),
    "truncated json": (
        lambda p: make_zip(p / "x.zip", [("content/posts_1.json", b'[{"media": [{"uri": "media/po')]),
        "fel: content/posts_1.json: trasig JSON på rad 1, kolumn 21; filen kan vara avklippt",
    ),
    "zero-byte json": (
        lambda p: make_zip(p / "x.zip", [("content/posts_1.json", b"")]),
        "fel: content/posts_1.json: trasig JSON på rad 1, kolumn 1; filen kan vara avklippt",
    ),
    "json of the wrong shape": (
        lambda p: make_zip(p / "x.zip", [("content/posts_1.json", b'{"a": 1, "b": 2}')]),
        "fel: content/posts_1.json: oväntad struktur: väntade en lista med inlägg",
    ),
    "lone surrogate in json": (
        lambda p: make_zip(p / "x.zip", [("content/posts_1.json", b'[{"media": [], "title": "\\ud800"}]')]),
        "fel: content/posts_1.json: filen innehåller ogiltiga tecken (ensamma \\ud800-tecken)",
    ),
    "undecodable file name": (
        lambda p: undecodable_name(p / "export"),
        "fel: Shares\ufffd.csv: filnamnet är inte giltig UTF-8",
    ),
    "huge file": (
        lambda p: huge_file_in_folder(p / "export"),
        "fel: Shares.csv: filen är för stor (5120 MB; gränsen är 4096 MB)",
    ),
    "unknown export": (
        lambda p: make_zip(p / "x.zip", [("readme.txt", b"hej")]),
        f"fel: x.zip: känner inte igen exporten; den ska vara en export från {in_words(importable())} (zip eller uppackad mapp)",
    ),
    "missing path": (lambda p: p / "finns-inte.zip", "fel: finns-inte.zip: filen eller mappen finns inte"),
}


@pytest.fixture
def archive(tmp_path):
    """An archive that already holds posts, so 'unchanged' means something."""
    folder = tmp_path / "arkiv"
    assert run(export("instagram-2022", tmp_path), "--archive", folder)[0] == 0
    return folder


@pytest.mark.filterwarnings("ignore:Duplicate name")  # zipfile warns while we write the hostile zip
@pytest.mark.parametrize("case", CASES)
def test_hostile_or_damaged_export_is_refused_and_archive_untouched(case, archive, tmp_path):
    make, message = CASES[case]
    (tmp_path / "in").mkdir()
    source = make(tmp_path / "in")
    before = tree(archive)
    code, out, err = run(source, "--archive", archive)
    assert (code, out, err) == (1, "", message + "\n")
    assert tree(archive) == before


def test_zip_bomb_is_refused(archive, tmp_path):
    before = tree(archive)
    code, out, err = run(zip_bomb(tmp_path / "bomb.zip"), "--archive", archive)
    assert code == 1 and out == ""
    assert re.fullmatch(
        r"fel: bomb\.bin: misstänkt zip-bomb: packas upp \d+ gånger större \(gränsen är 100\)\n", err
    )
    assert tree(archive) == before


def test_damaged_photo_after_others_were_staged_leaves_archive_untouched(archive, tmp_path):
    """The error comes while photos are being stored: nothing of the run may remain."""
    posts = instagram_posts(3)
    path = tmp_path / "ig.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as out:
        out.writestr("content/posts_1.json", json.dumps(posts))
        for n in range(3):
            out.writestr(f"media/posts/202401/1790000000000000{n}.jpg", photo(f"p{n}", "JPEG"))
    data = bytearray(path.read_bytes())
    last = data.rindex(b"\xff\xd9")  # the end of the last photo's JPEG data: damage it in place
    data[last - 10] ^= 0xFF
    path.write_bytes(bytes(data))
    before = tree(archive)
    code, _, err = run(path, "--archive", archive)
    assert code == 1 and err.startswith(
        "fel: media/posts/202401/17900000000000002.jpg: filen kan inte packas upp"
    )
    assert tree(archive) == before


def test_new_archive_folder_is_not_left_behind_after_an_error(tmp_path):
    target = tmp_path / "content" / "archive"
    code, _, _ = run(instagram_zip(tmp_path / "x.zip", "../x.jpg"), "--archive", target)
    assert code == 1 and not (tmp_path / "content").exists()


def test_platform_that_does_not_match_the_contents(tmp_path):
    code, _, err = run(
        linkedin_zip(tmp_path / "x.zip"), "--platform", "instagram", "--archive", tmp_path / "a"
    )
    assert (code, err) == (1, "fel: x.zip: exporten ser ut att komma från linkedin, inte instagram\n")


def test_caps_on_documents_and_total_size(tmp_path):
    path = linkedin_zip(tmp_path / "x.zip")
    with pytest.raises(
        ExportError, match=r"^Shares\.csv: filen är för stor \(0\.0 MB; gränsen är 0\.0 MB\)$"
    ):
        import_exports([path], tmp_path / "a", limits=Limits(document_bytes=10))
    with pytest.raises(ExportError, match=r"^x\.zip: exporten är för stor uppackad"):
        import_exports([path], tmp_path / "a", limits=Limits(total_bytes=100))
    assert not (tmp_path / "a").exists()


def test_macos_junk_is_ignored_and_names_are_nfc(tmp_path):
    path = make_zip(
        tmp_path / "x.zip",
        [
            ("__MACOSX/._Shares.csv", b"\x00\x05"),
            ("a/._b", b"x"),
            ("Artikel/mo\u0308te.html", b"x"),
            ("Shares.csv", SHARES.encode()),
        ],
    )
    with open_export(path) as opened:
        assert opened.files() == ("Artikel/m\u00f6te.html", "Shares.csv")
        assert opened.read_bytes("Artikel/m\u00f6te.html") == b"x"
