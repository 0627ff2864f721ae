"""Hostile and broken input to the archive's importer and store (issue 13): each case refused with
one Swedish line naming the file and the problem, or handled; never a traceback.

Every input is made here at test time. A refused import leaves the archive byte-identical
(`tree`), and nothing outside the archive is written.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import struct
import warnings
import zipfile
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PIL import Image

from social_archive.model import ArchivedPost, Provenance, StoredPost, text_sha256, utc_iso
from social_archive.store import StoreError, from_json, load_archive, post_path, to_json
from tests.archive_support import box, make_zip, photo, posts_in, run, tiny_mp4, tree
from tests.golden import SITE
from tests.sitebuild import build

POST_LINK = "https://www.linkedin.com/feed/update/urn:li:share:{}"
PROVENANCE = (Provenance("a" * 64, "Shares.csv", "2024-05-01T08:00:00Z"),)
IG_POSTS = "your_instagram_activity/media/posts_1.json"


def linkedin(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    """A LinkedIn export with Shares.csv rows (date, post number, text, visibility)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"])
    for date, number, text, visibility in rows:
        writer.writerow([date, POST_LINK.format(number), text, "", "", visibility])
    return make_zip(path, [("Profile.csv", b"First Name\nKim\n"), ("Shares.csv", out.getvalue().encode())])


def instagram(path: Path, posts: list[dict] | bytes, files: dict[str, bytes] | None = None) -> Path:
    data = posts if isinstance(posts, bytes) else json.dumps(posts, ensure_ascii=False).encode()
    return make_zip(path, [(IG_POSTS, data), *(files or {}).items()])


def ig_post(text: str, *uris: str, when: float = 1714550400) -> dict:
    return {"title": text, "creation_timestamp": when,
            "media": [{"uri": uri, "creation_timestamp": when, "title": ""} for uri in uris]}


def imported(*argv) -> tuple[int, str, str]:
    code, out, err = run(*argv)
    assert "Traceback" not in out + err and "Warning" not in out + err, out + err
    return code, out, err


def refused(archive: Path, *exports: Path) -> str:
    """The import's one error line; the archive is unchanged and nothing else is written."""
    before, outside = tree(archive), tree(archive.parent)
    code, out, err = imported(*exports, "--archive", archive)
    assert code == 1 and out == "" and len(err.splitlines()) == 1, err
    assert tree(archive) == before and tree(archive.parent) == outside
    return err.strip()


def stored_file(archive: Path, key: str) -> Path:
    return next(p for p in archive.rglob("*.json") if json.loads(p.read_bytes())["id"] == key)


def sample(text="Hej", published=datetime(2024, 5, 1, 8, tzinfo=timezone.utc), **fields) -> StoredPost:
    return StoredPost(ArchivedPost("linkedin", "1", "post", published, text, provenance=PROVENANCE, **fields))


def rewritten(stored: StoredPost, **fields) -> bytes:
    return (json.dumps({**json.loads(to_json(stored)), **fields}, ensure_ascii=False) + "\n").encode()


# 1. A newer export never publishes a post an export showed as for connections only.


@pytest.mark.parametrize("later", ["", "PUBLIC"])
@pytest.mark.parametrize("newer_first", [False, True])
def test_connections_only_stays_unpublished_whatever_a_newer_export_says(tmp_path, later, newer_first):
    """In a private repository the post is stored, and stays CONNECTIONS whatever a later export says."""
    old = linkedin(tmp_path / "old.zip", [("2024-03-15 07:45:00", "71", "Bara för kontakter", "CONNECTIONS")])
    new = linkedin(tmp_path / "new.zip", [("2024-03-15 07:45:00", "71", "Bara för kontakter", later),
                                          ("2024-06-01 09:00:00", "72", "Ett senare inlägg", "PUBLIC")])
    archive = tmp_path / "content" / "archive"
    for path in (new, old) if newer_first else (old, new):
        code, out, err = imported(path, "--archive", archive, "--private-repository")
        assert code == 0, err
    assert posts_in(archive)["linkedin:71"]["visibility"] == "CONNECTIONS"
    if not newer_first:
        said = f'synligheten "{later}"' if later else "ingen synlighet"
        assert (f"  obs Shares.csv – rad 2 → {archive}/linkedin/2024/2024-03-15-71.json: exporten anger {said}, "
                f"men inlägget var bara för kontakter (CONNECTIONS) och förblir opublicerat; "
                f'ändra "visibility" i filen om det ska publiceras') in out.splitlines()


@pytest.mark.parametrize("together", [False, True])
def test_in_a_public_repository_a_connections_post_is_remembered_by_id_and_never_stored(tmp_path, together):
    old = linkedin(tmp_path / "old.zip", [("2024-03-15 07:45:00", "71", "Bara för kontakter", "CONNECTIONS")])
    new = linkedin(tmp_path / "new.zip", [("2024-03-15 07:45:00", "71", "Bara för kontakter", ""),
                                          ("2024-06-01 09:00:00", "72", "Ett senare inlägg", "")])
    archive = tmp_path / "archive"
    for paths in ([old, new],) if together else ([old], [new]):
        code, out, err = imported(*paths, "--archive", archive)
        assert code == 0, err
        assert "  hoppade över Shares.csv – rad 2: visades bara för dina kontakter; sparas inte" in out
    assert set(posts_in(archive)) == {"linkedin:72"}
    remembered = (archive / "bara-kontakter.txt").read_text(encoding="utf-8")
    assert remembered.splitlines()[-1] == "linkedin:71" and "Bara för kontakter" not in remembered
    before = tree(archive)
    assert imported(new, "--archive", archive)[0] == 0 and tree(archive) == before, "idempotent"


def test_only_a_person_editing_the_file_publishes_a_connections_post(tmp_path):
    archive = tmp_path / "archive"
    first = linkedin(tmp_path / "a.zip", [("2024-03-15 07:45:00", "71", "Text", "CONNECTIONS")])
    assert imported(first, "--archive", archive, "--private-repository")[0] == 0
    path = stored_file(archive, "linkedin:71")
    path.write_bytes(path.read_bytes().replace(b'"CONNECTIONS"', b'"PUBLIC"'))
    newer = linkedin(tmp_path / "b.zip", [("2024-03-15 07:45:00", "71", "Text", ""),
                                          ("2024-06-01 09:00:00", "72", "Senare", "")])
    code, out, _ = imported(newer, "--archive", archive, "--private-repository")
    assert code == 0 and "obs" not in out
    assert posts_in(archive)["linkedin:71"]["visibility"] == "", "public either way: the newest export wins"


@pytest.fixture(scope="module")
def downgrade_site(tmp_path_factory):
    """A public build of an archive where a newer export tried to make a connections post public."""
    root = tmp_path_factory.mktemp("downgrade")
    content = root / "content"
    shutil.copytree(SITE / "content", content)
    old = linkedin(root / "old.zip", [("2024-03-15 07:45:00", "71", "Hemligt för kontakter", "CONNECTIONS")])
    new = linkedin(root / "new.zip", [("2024-03-15 07:45:00", "71", "Hemligt för kontakter", ""),
                                      ("2024-06-01 09:00:00", "72", "Offentligt inlägg", "")])
    for path in (old, new):
        assert imported(path, "--archive", content / "archive")[0] == 0
    result = build(SITE / "settings.py", root / "out", content=content)
    assert result.returncode == 0 and "Traceback" not in result.log, result.log
    return root / "out"


def test_the_public_build_holds_nothing_of_the_connections_post(downgrade_site):
    files = [p for p in downgrade_site.rglob("*") if p.is_file()]
    assert any(b"Offentligt inl" in p.read_bytes() for p in files), "the public post is published"
    assert not [p for p in files if "Hemligt".encode() in p.read_bytes() or "-71" in p.as_posix()]


# 2. Links in a post's file are http(s) with a host, whoever wrote the file.


@pytest.mark.parametrize(
    "field, value",
    [("url", "javascript:alert(document.domain)"), ("shared_url", "data:text/html,<script>x</script>"),
     ("url", "https://"), ("shared_url", "http:///etc/passwd"), ("url", "ftp://example.com/x"),
     ("shared_url", "https://exempel.se/ med blanksteg"), ("url", "//evil.example/x")],
)
def test_store_refuses_a_link_that_is_not_http_with_a_host(field, value):
    with pytest.raises(StoreError) as error:
        from_json(rewritten(sample(), **{field: value}), "content/archive/linkedin/2024/x.json")
    found = json.dumps(value, ensure_ascii=False)[:60]
    assert (error.value.file, error.value.problem) == (
        "content/archive/linkedin/2024/x.json",
        f"inlägget: fältet {field!r} ska vara en adress som börjar med https:// (eller tom text), inte {found}",
    )


def test_store_keeps_web_links_and_an_import_onto_a_javascript_link_writes_nothing(tmp_path):
    good = sample(url="https://www.linkedin.com/feed/update/urn:li:share:1", shared_url="http://exempel.se/a?b=c")
    assert from_json(to_json(good), "x.json") == good
    archive = tmp_path / "archive"
    target = archive / post_path(good.post)
    target.parent.mkdir(parents=True)
    target.write_bytes(rewritten(good, shared_url="javascript:alert(1)"))
    export = linkedin(tmp_path / "e.zip", [("2024-06-01 09:00:00", "72", "Nytt", "")])
    assert refused(archive, export) == (
        f"fel: {target}: inlägget: fältet 'shared_url' ska vara en adress som börjar med https:// "
        '(eller tom text), inte "javascript:alert(1)"'
    )


# 3. No symbolic link in the archive is read.


def archive_with(tmp_path: Path, stored: StoredPost, media: dict[str, bytes] | None = None) -> Path:
    archive = tmp_path / "archive"
    target = archive / post_path(stored.post)
    target.parent.mkdir(parents=True)
    target.write_bytes(to_json(stored))
    for rel, data in (media or {}).items():
        (archive / rel).parent.mkdir(parents=True, exist_ok=True)
        (archive / rel).write_bytes(data)
    return archive


def test_a_symlinked_post_file_or_folder_is_refused_by_name(tmp_path):
    outside = tmp_path / "elsewhere.json"
    outside.write_bytes(to_json(sample("Utanför arkivet")))
    archive = tmp_path / "archive"
    (archive / "linkedin/2024").mkdir(parents=True)
    (archive / "linkedin/2024/2024-05-01-1.json").symlink_to(outside)
    with pytest.raises(StoreError) as error:
        load_archive(archive)
    assert (error.value.file, error.value.problem) == (
        f"{archive}/linkedin/2024/2024-05-01-1.json", "är en symbolisk länk och läses aldrig; lägg själva filen i arkivet"
    )
    export = linkedin(tmp_path / "e.zip", [("2024-06-01 09:00:00", "72", "Nytt", "")])
    assert "är en symbolisk länk" in refused(archive, export)
    (archive / "linkedin/2024/2024-05-01-1.json").unlink()
    (archive / "linkedin/2024").rmdir()
    (tmp_path / "year").mkdir()
    shutil.copy(outside, tmp_path / "year" / "2024-05-01-1.json")
    (archive / "linkedin/2024").symlink_to(tmp_path / "year")
    with pytest.raises(StoreError) as error:
        load_archive(archive)
    assert error.value.file == f"{archive}/linkedin/2024" and "är en symbolisk länk" in error.value.problem


def media_post(data: bytes, kind: str = "video") -> tuple[StoredPost, str]:
    import hashlib

    from social_archive.model import Media

    sha = hashlib.sha256(data).hexdigest()
    rel = f"media/{sha[:2]}/{sha}.{'mp4' if kind == 'video' else 'jpg'}"
    stored = sample("En film", media=(Media(kind, path=rel, sha256=sha),))
    return stored, rel


def test_a_symlinked_media_file_is_refused_by_name(tmp_path):
    secret = tmp_path / "secret.mp4"
    secret.write_bytes(tiny_mp4(payload=b"hemligt"))
    stored, rel = media_post(b"x")
    archive = archive_with(tmp_path, stored)
    (archive / rel).parent.mkdir(parents=True)
    (archive / rel).symlink_to(secret)
    with pytest.raises(StoreError) as error:
        load_archive(archive)
    assert (error.value.file, error.value.problem) == (
        f"{archive}/{rel}", "är en symbolisk länk och läses aldrig; lägg själva filen i arkivet")


@pytest.fixture(scope="module")
def broken_builds(tmp_path_factory):
    """Two builds: one with a symlinked video in the archive, one with a post dated year 9999."""
    results = {}
    for case in ("symlink", "date"):
        root = tmp_path_factory.mktemp(case)
        content = root / "content"
        shutil.copytree(SITE / "content", content)
        archive = content / "archive"
        if case == "symlink":
            secret = root / "secret.mp4"  # outside content/: must never be read or published
            secret.write_bytes(tiny_mp4(payload=b"hemligt" * 10))
            stored, rel = media_post(b"link")
            archive_with(content, stored)
            (archive / rel).parent.mkdir(parents=True)
            (archive / rel).symlink_to(secret)
        else:
            stored = sample("Ett inlägg från framtiden")
            archive_with(content, stored)
            bad = archive / post_path(stored.post)
            bad.write_bytes(rewritten(stored, published="9999-05-01T08:00:00Z"))
        result = build(SITE / "settings.py", root / "out", content=content, fatal=False)
        results[case] = (result, archive / post_path(stored.post), root / "out")
    return results


def test_the_build_names_a_symlinked_media_file_and_publishes_nothing_through_it(broken_builds):
    result, post_file, output = broken_builds["symlink"]
    assert result.returncode == 0 and "Traceback" not in result.log, result.log
    assert f" content/archive/{media_post(b'link')[1]}: är en symbolisk länk och läses aldrig" in result.log
    assert not [p for p in output.rglob("*") if p.is_file() and b"hemligt" in p.read_bytes()]


def test_the_build_names_the_file_of_a_post_it_cannot_read(broken_builds):
    result, post_file, _ = broken_builds["date"]
    assert result.returncode == 0 and "Traceback" not in result.log, result.log
    lines = [line for line in result.log.splitlines() if post_path(sample().post) in line]
    assert len(lines) == 1 and " content/archive/linkedin/2024/2024-05-01-1.json: inlägget: " in lines[0]
    assert "fältet 'published' ska vara en tid som 2024-01-05T08:15:00Z, mellan 2003 och i dag" in lines[0]


# 8. Dates out of range.


def test_linkedin_years_999_and_9999_are_refused_with_one_line_each(tmp_path):
    export = linkedin(tmp_path / "e.zip", [("0999-06-01 08:00:00", "71", "Forntid", ""),
                                           ("9999-06-01 08:00:00", "72", "Framtid", ""),
                                           ("2002-12-31 23:59:59", "73", "Före LinkedIn", ""),
                                           ("999-06-01 08:00:00", "74", "Tre siffror", ""),
                                           ("2024-06-01 09:00:00", "75", "I tid", "")])
    code, out, err = imported(export, "--archive", tmp_path / "archive")
    assert code == 0, err
    reasons = [line for line in out.splitlines() if line.startswith("  hoppade över")]
    assert reasons == [
        f"  hoppade över Shares.csv – rad {n}: Date {date!r} ligger utanför 2003 till i dag; inlägget arkiveras inte"
        for n, date in ((2, "0999-06-01 08:00:00"), (3, "9999-06-01 08:00:00"), (4, "2002-12-31 23:59:59"))
    ] + ["  hoppade över Shares.csv – rad 5: Date är '999-06-01 08:00:00' går inte att tolka; "
         "ett inlägg utan säkert datum arkiveras inte"]
    assert set(posts_in(tmp_path / "archive")) == {"linkedin:75"}


@pytest.mark.parametrize("when", [math.nan, math.inf, -math.inf, 1e300, -1e12, 253402300800, 1262304000 - 1])
def test_instagram_impossible_timestamps_are_refused_with_one_line(tmp_path, when):
    uri = "media/posts/202405/17900000000000001.jpg"
    good = "media/posts/202405/17900000000000002.jpg"
    posts = [ig_post("Fel tid", uri, when=when), ig_post("Rätt tid", good)]
    export = instagram(tmp_path / "ig.zip", posts, {uri: photo("a", "JPEG"), good: photo("b", "JPEG")})
    code, out, err = imported(export, "--archive", tmp_path / "archive")
    assert code == 0, err
    assert f"  hoppade över {IG_POSTS} – inlägg 1: tidpunkten (creation_timestamp) {when!r} ligger utanför " \
           "2010 till i dag; inlägget arkiveras inte" in out.splitlines()
    assert [p["text"] for p in posts_in(tmp_path / "archive").values()] == ["Rätt tid"]


def test_years_are_written_with_four_digits_and_an_implausible_date_in_a_file_is_refused():
    ancient = datetime(999, 6, 1, 8, tzinfo=timezone.utc)
    assert utc_iso(ancient) == "0999-06-01T08:00:00Z"
    assert post_path(sample(published=ancient).post) == "linkedin/0999/0999-06-01-1.json"
    for value in ("0999-06-01T08:00:00Z", "9999-06-01T08:00:00Z", "2002-12-31T23:59:59Z"):
        with pytest.raises(StoreError) as error:
            from_json(rewritten(sample(), published=value), "content/archive/linkedin/2024/x.json")
        assert error.value.problem == (
            f"inlägget: fältet 'published' ska vara en tid som 2024-01-05T08:15:00Z, mellan 2003 och i dag, "
            f'inte "{value}"')


# 9. Characters XML cannot hold.


def test_characters_xml_cannot_hold_are_kept_and_the_import_says_so(tmp_path):
    text = "Noll\x00byte, vertikal\x0btab och \uffff icke-tecken."
    uri = "media/posts/202405/17900000000000001.jpg"
    export = instagram(tmp_path / "ig.zip", [ig_post(text, uri)], {uri: photo("a", "JPEG")})
    code, out, err = imported(export, "--archive", tmp_path / "archive")
    assert code == 0, err
    (stored,) = posts_in(tmp_path / "archive").values()
    assert stored["text"] == text
    notes = [line for line in out.splitlines() if "XML" in line]
    assert notes == [f"  obs {IG_POSTS} – inlägg 1 → {tmp_path / 'archive'}/instagram/2024/"
                     f"2024-05-01-1714550400-17900000000000001.json: texten har tecken som XML inte kan bära "
                     "(t.ex. U+0000, U+000B, U+FFFF); de sparas i arkivet men visas inte på sidorna och i flödena"]


# 10. Tracebacks become one line; a damaged media file costs that file only.


def png_header(width: int, height: int) -> bytes:
    """A PNG that only says its size: enough for Pillow's size check, no pixels to decode."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = lambda kind, body: struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))  # noqa: E731
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def mistyped_exif_photo() -> bytes:
    """Orientation 6 and an XResolution written as text: Pillow's exif_transpose raises TypeError."""
    entries = [(0x0112, 3, 1, struct.pack(">H", 6) + b"\0\0"), (0x011A, 2, 4, b"abc\0")]
    ifd = struct.pack(">H", len(entries)) + b"".join(struct.pack(">HHI", *e[:3]) + e[3] for e in entries)
    exif = b"Exif\x00\x00MM\x00*" + struct.pack(">I", 8) + ifd + struct.pack(">I", 0)
    out = io.BytesIO()
    Image.new("RGB", (8, 4), (200, 10, 10)).save(out, "JPEG", exif=exif)
    return out.getvalue()


DAMAGED = {
    # a 64-bit box size cut off after four bytes: struct.error in the size reader
    "cut.mp4": (box(b"ftyp", b"isom\x00\x00\x02\x00isom") + struct.pack(">I4s", 1, b"mdat") + b"\x00" * 4,
                "videon är trasig eller avklippt (en ruta i filen är kortare än den säger)"),
    "moov.mp4": (box(b"ftyp", b"isom\x00\x00\x02\x00isom") + struct.pack(">I4s", 4000, b"moov") + b"\x00" * 20,
                 "videon är trasig eller avklippt (en ruta i filen är kortare än den säger)"),
    "huge.png": (png_header(14000, 14000),
                 "bilden är för stor (fler än 178 miljoner bildpunkter); minska den och exportera igen"),
}


def test_damaged_media_cost_only_that_file_with_one_line_each(tmp_path):
    good = "media/posts/202405/17900000000000009.jpg"
    files = {good: photo("bra", "JPEG"), "media/posts/202405/rotated.jpg": mistyped_exif_photo()}
    posts = []
    for n, (name, (data, _)) in enumerate(DAMAGED.items(), start=1):
        uri = f"media/posts/202405/1790000000000000{n}-{name}"
        files[uri] = data
        posts.append(ig_post(f"Inlägg {n}", uri, good, when=1714550400 + n))
    posts.append(ig_post("Vriden", "media/posts/202405/rotated.jpg", when=1714550500))
    archive = tmp_path / "archive"
    code, out, err = imported(instagram(tmp_path / "ig.zip", posts, files), "--archive", archive)
    assert code == 0, err
    for n, (name, (_, reason)) in enumerate(DAMAGED.items(), start=1):
        # One line per reason (two videos share one), naming each file.
        (line,) = [line for line in out.splitlines() if f"-{name})" in line]
        assert line.startswith(f"  utelämnade en fil ur {IG_POSTS} – ") and f": {reason}" in line, line
        assert f"inlägg {n}, bild 1 (media/posts/202405/1790000000000000{n}-{name})" in line
    stored = posts_in(archive)
    assert len(stored) == 4 and all(len(p["media"]) == 1 for p in stored.values()), "the text and the good photo"
    rotated = next(p for p in stored.values() if p["text"] == "Vriden")["media"][0]
    assert (rotated["width"], rotated["height"]) == (4, 8), "turned upright despite the mistyped tag"


def test_a_100_megapixel_photo_is_archived_without_a_raw_warning(tmp_path):
    uri = "media/posts/202405/17900000000000001.jpg"
    out = io.BytesIO()
    Image.new("L", (9500, 9500), 128).save(out, "JPEG", quality=50)  # 90 MP: over Pillow's warning limit
    stored_as_is = zipfile.ZipInfo(uri)  # deflated, one grey 90 MP photo would look like a zip bomb
    export = make_zip(tmp_path / "ig.zip", [(IG_POSTS, json.dumps([ig_post("Stor bild", uri)]).encode()),
                                             (stored_as_is, out.getvalue())])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code, printed, err = imported(export, "--archive", tmp_path / "archive")
    assert code == 0 and not [(w.filename, w.lineno) for w in caught if issubclass(w.category, Image.DecompressionBombWarning)], err
    (stored,) = posts_in(tmp_path / "archive").values()
    assert (stored["media"][0]["width"], stored["media"][0]["height"]) == (9500, 9500)


def test_deeply_nested_json_is_one_line_in_an_export_and_in_the_archive(tmp_path):
    deep = b"[" * 200_000 + b"]" * 200_000
    archive = tmp_path / "archive"
    archive.mkdir()
    assert refused(archive, instagram(tmp_path / "ig.zip", deep)) == (
        f"fel: {IG_POSTS}: JSON-filen är nästlad för djupt ([[[[…); det är ingen riktig export")
    with pytest.raises(StoreError) as error:
        from_json(deep, "content/archive/linkedin/2024/x.json")
    assert error.value.problem == "JSON-filen är nästlad för djupt ([[[[…); ett inlägg är aldrig det"


# 12. A text edited by hand (a redaction) survives every import.


@pytest.mark.parametrize("private", [True, False])
def test_hand_redacted_text_is_kept_and_the_export_text_goes_to_history_only_in_a_private_repo(tmp_path, private):
    archive = tmp_path / "archive"
    setting = ["--private-repository"] if private else []
    original = "Tack Anna Andersson (070-123 45 67) för i dag!"
    redacted = "Tack [namn borttaget] för i dag!"
    first = linkedin(tmp_path / "a.zip", [("2024-03-15 07:45:00", "71", original, "")])
    assert imported(first, "--archive", archive, *setting)[0] == 0
    path = stored_file(archive, "linkedin:71")
    assert json.loads(path.read_bytes())["imported_text_sha256"] == text_sha256(original)
    document = json.loads(path.read_bytes())
    path.write_text(json.dumps({**document, "text": redacted}, ensure_ascii=False, indent=2), encoding="utf-8")
    newer = linkedin(tmp_path / "b.zip", [("2024-03-15 07:45:00", "71", original + " Igen.", ""),
                                          ("2024-06-01 09:00:00", "72", "Senare", "")])
    kept = ('exportens text sparas i "history" (kopiera den till "text" om den ska gälla)' if private else
            "exportens text sparas inte, eftersom repot kan läsas av alla (se README, Arkivet och git)")
    warning = f"  obs Shares.csv – rad 2 → {path}: texten är ändrad för hand och behålls; {kept}"
    for export in (first, newer, newer):
        code, out, err = imported(export, "--archive", archive, *setting)
        assert code == 0 and warning in out.splitlines(), out + err
    stored = posts_in(archive)["linkedin:71"]
    assert stored["text"] == redacted
    assert {h["text"] for h in stored["history"]} == ({original, original + " Igen."} if private else set())
    if not private:
        assert not [p for p in archive.rglob("*") if p.is_file() and b"Andersson" in p.read_bytes()]
    again = tree(archive)
    assert imported(newer, "--archive", archive, *setting)[0] == 0 and tree(archive) == again, "idempotent"
    # The leader accepts the export's text by copying it into "text": imports update it again.
    document = json.loads(path.read_bytes())
    path.write_text(json.dumps({**document, "text": original + " Igen."}, ensure_ascii=False), encoding="utf-8")
    code, out, _ = imported(newer, "--archive", archive, *setting)
    assert code == 0 and "ändrad för hand" not in out


def test_a_file_from_before_the_imported_text_hash_is_not_taken_for_a_hand_edit(tmp_path):
    stored = sample("Gammal text")
    assert "imported_text_sha256" not in json.loads(to_json(stored))
    archive = archive_with(tmp_path, stored)
    newer = linkedin(tmp_path / "b.zip", [("2024-05-01 08:00:00", "1", "Ny text", ""),
                                          ("2024-06-01 09:00:00", "72", "Senare", "")])
    code, out, _ = imported(newer, "--archive", archive)
    assert code == 0 and "ändrad för hand" not in out
    assert posts_in(archive)["linkedin:1"]["text"] == "Ny text"
    assert posts_in(archive)["linkedin:1"]["imported_text_sha256"] == text_sha256("Ny text")


# 13. Only real videos are stored as video.


@pytest.mark.parametrize(
    "data, reason",
    [(b"MZ\x90\x00 inte en film alls" * 10, "filen är varken en bild (JPEG, PNG, WebP, HEIC) eller en video (MP4, MOV)"),
     (box(b"ftyp", b"isom\x00\x00\x02\x00isom") + b"<script>alert(1)</script>" * 20,
      "filen är ingen video (MP4, MOV) fast början ser ut så: den saknar filmens innehållsförteckning (moov)")],
)
def test_bytes_named_mp4_that_are_no_video_are_never_stored(tmp_path, data, reason):
    uri, good = "media/posts/202405/17900000000000001.mp4", "media/posts/202405/17900000000000002.mp4"
    export = instagram(tmp_path / "ig.zip", [ig_post("Film", uri, good)], {uri: data, good: tiny_mp4(320, 240)})
    archive = tmp_path / "archive"
    code, out, err = imported(export, "--archive", archive)
    assert code == 0, err
    assert f"  utelämnade en fil ur {IG_POSTS} – inlägg 1, bild 1 ({uri}): {reason}" in out.splitlines()
    (stored,) = posts_in(archive).values()
    assert [(m["kind"], m["width"], m["height"]) for m in stored["media"]] == [("video", 320, 240)]
    assert len(list((archive / "media").rglob("*.mp4"))) == 1



def test_an_unreferenced_or_dangling_link_in_media_is_refused_too(tmp_path):
    archive = archive_with(tmp_path, sample("Utan bild"))
    (archive / "media/ab").mkdir(parents=True)
    (archive / "media/ab/nowhere.jpg").symlink_to(tmp_path / "saknas.jpg")
    with pytest.raises(StoreError) as error:
        load_archive(archive)
    assert error.value.file == f"{archive}/media/ab/nowhere.jpg"


# 11. Memory: a file of posts is read whole (peak about 10-12× its size, measured with tracemalloc on
# 20,000 posts), so its size is capped.


def test_a_file_of_posts_larger_than_any_real_one_is_refused(tmp_path, monkeypatch):
    from social_archive import export_files

    monkeypatch.setattr(export_files, "POSTS_FILE_BYTES", 4096)  # the real cap is 64 MB
    uri = "media/posts/202405/17900000000000001.jpg"
    posts = [ig_post("x" * 100, uri, when=1714550400 + n) for n in range(60)]
    archive = tmp_path / "archive"
    archive.mkdir()
    assert refused(archive, instagram(tmp_path / "ig.zip", posts)).startswith(
        f"fel: {IG_POSTS}: filen är för stor för en fil med inlägg (")
    rows = [("2024-06-01 09:00:00", str(n), "y" * 100, "") for n in range(60)]
    assert "fel: Shares.csv: filen är för stor för en fil med inlägg" in refused(archive, linkedin(tmp_path / "l.zip", rows))

