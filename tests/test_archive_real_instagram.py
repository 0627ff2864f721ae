"""What real Instagram exports ship (exports.md §2.6; exports-more.md §5): media told by content,
exports in several zips, Threads inside. Every variation a fixture made here at test time."""

from __future__ import annotations

import json
from pathlib import Path

from social_archive.export_files import open_export
from social_archive.exports import instagram, threads
from social_archive.media import kind_of
from social_archive.model import ArchivedPost, Skipped
from tests.archive_support import export, instagram_posts, make_zip, photo, posts_in, run, tiny_mp4, totals, tree


# --- Instagram media: what a file is comes from its content ---------------------------------

VIDEO_NO_EXT = "media/posts/201904/AQOabcdefGHIJ_17850000000000001"  # an MP4 without extension
WEBP_HOLDING_JPEG = "media/posts/201904/17850000000000002.webp"
BROKEN = "media/posts/201904/17850000000000003.jpg"
GONE = "media/posts/201904/17850000000000004.jpg"


def instagram_zip(path: Path, posts: list[dict], files: dict[str, bytes]) -> Path:
    members = [("your_instagram_activity/media/posts_1.json", json.dumps(posts).encode()), *files.items()]
    return make_zip(path, members)


def carousel(*uris: str, title: str = "Karusell med film", when: int = 1555000000) -> dict:
    media = [{"uri": u, "creation_timestamp": when + i, "title": ""} for i, u in enumerate(uris)]
    return {"media": media, "title": title, "creation_timestamp": when + 10}


def test_video_without_extension_and_jpeg_named_webp_are_kept_broken_file_listed(tmp_path):
    posts = [
        carousel(VIDEO_NO_EXT, WEBP_HOLDING_JPEG, BROKEN, GONE),
        {"media": [{"uri": BROKEN, "creation_timestamp": 1555100000, "title": ""}]},  # nothing left
    ]
    files = {VIDEO_NO_EXT: tiny_mp4(360, 640), WEBP_HOLDING_JPEG: photo("w", "JPEG"), BROKEN: b"inte en bild"}
    path = instagram_zip(tmp_path / "ig.zip", posts, files)
    code, out, err = run(path, "--archive", tmp_path / "arkiv")
    assert (code, err) == (0, "")
    (post,) = posts_in(tmp_path / "arkiv").values()
    assert post["text"] == "Karusell med film"
    assert [(m["kind"], m["path"].rsplit(".", 1)[1]) for m in post["media"]] == [("video", "mp4"), ("image", "jpg")]
    assert (post["media"][0]["width"], post["media"][0]["height"]) == (360, 640)
    video = tmp_path / "arkiv" / post["media"][0]["path"]
    assert video.read_bytes() == tiny_mp4(360, 640)  # copied byte for byte
    assert f"  utelämnade en fil ur your_instagram_activity/media/posts_1.json – inlägg 1, bild 3 ({BROKEN}): " \
        "filen är varken en bild (JPEG, PNG, WebP, HEIC) eller en video (MP4, MOV)" in out
    assert f"  utelämnade en fil ur your_instagram_activity/media/posts_1.json – inlägg 1, bild 4 ({GONE}): " \
        "filen saknas i exporten; importera alla delar av exporten samtidigt" in out
    assert (
        "  hoppade över your_instagram_activity/media/posts_1.json – inlägg 2: "
        f"ingen bild eller film går att läsa ({BROKEN}: filen är varken en bild (JPEG, PNG, WebP, HEIC) "
        "eller en video (MP4, MOV)), och inlägget har ingen text"
    ) in out
    assert "2 lästa = 1 nytt + 0 ändrade + 0 oförändrade + 1 överhoppat + 0 upprepningar" in out


def test_a_later_import_with_a_broken_file_keeps_the_archived_media(tmp_path):
    posts = [carousel(WEBP_HOLDING_JPEG, BROKEN)]
    good = instagram_zip(tmp_path / "a.zip", posts, {WEBP_HOLDING_JPEG: photo("w", "JPEG"), BROKEN: photo("b", "PNG")})
    bad = instagram_zip(tmp_path / "b.zip", posts, {WEBP_HOLDING_JPEG: photo("w", "JPEG"), BROKEN: b"trasig"})
    archive = tmp_path / "arkiv"
    assert run(good, "--archive", archive)[0] == 0
    before = tree(archive)
    code, out, _ = run(bad, "--archive", archive)
    assert code == 0 and "utelämnade en fil ur" in out
    (post,) = posts_in(archive).values()
    assert [m["kind"] for m in post["media"]] == ["image", "image"]
    assert {k: v for k, v in tree(archive).items() if k.startswith("media")} == {
        k: v for k, v in before.items() if k.startswith("media")
    }


def test_heic_is_told_from_video_by_its_content():
    assert kind_of(photo("h", "HEIF")[:64]) == ("image", "")
    assert kind_of(tiny_mp4()[:64]) == ("video", "mp4")
    quicktime = tiny_mp4()[:8] + b"qt  " + tiny_mp4()[12:64]
    assert kind_of(quicktime) == ("video", "mov")
    assert kind_of(photo("p", "PNG")[:64]) == ("image", "")


# --- A 2026 export in several zips, one holding only media/posts/<id>.jpg -------------------


def split_2026(tmp_path: Path, wrapper: str = "") -> tuple[Path, Path]:
    posts = [
        {"media": [{"uri": "media/posts/18060000000000001.jpg", "creation_timestamp": 1767200000, "title": "Ett"}]},
        carousel("media/posts/202507/18060000000000002.mp4", "media/posts/18060000000000003.mp4",
                 title="Blandad karusell", when=1767300000),
    ]
    first = instagram_zip(tmp_path / "del1.zip", posts, {
        "media/posts/202507/18060000000000002.mp4": tiny_mp4(payload=b"a"),
    })
    second = make_zip(tmp_path / "del2.zip", [
        (f"{wrapper}media/posts/18060000000000001.jpg", photo("ett", "JPEG")),
        (f"{wrapper}media/posts/18060000000000003.mp4", tiny_mp4(payload=b"b")),
    ])
    return first, second


def test_media_only_part_without_month_folders_is_used_with_its_export(tmp_path):
    first, second = split_2026(tmp_path)
    code, out, err = run(first, second, "--archive", tmp_path / "arkiv")
    assert (code, err) == (0, "")
    posts = posts_in(tmp_path / "arkiv")
    assert [len(p["media"]) for p in posts.values()] == [1, 2]
    assert [m["kind"] for m in posts["instagram:1767300000-18060000000000002"]["media"]] == ["video", "video"]
    assert f"{second} (instagram): 0 lästa = 0 nya" in out and "obs del2.zip – hela exporten" in out
    assert "utelämnade" not in out


def test_media_only_part_in_a_wrapper_folder_is_found(tmp_path):
    first, second = split_2026(tmp_path, wrapper="instagram-kim-2026-01-02-AbCd/")
    assert run(second, first, "--archive", tmp_path / "arkiv")[0] == 0
    assert [len(p["media"]) for p in posts_in(tmp_path / "arkiv").values()] == [1, 2]


def test_media_only_part_alone_is_refused_and_nothing_is_written(tmp_path):
    _, second = split_2026(tmp_path)
    code, out, err = run(second, "--archive", tmp_path / "arkiv")
    assert (code, out) == (1, "")
    assert err == (
        "fel: del2.zip: den här delen innehåller bara bilder och video; importera den i samma körning "
        "som delen med inläggen, t.ex. invoke import del1.zip --more del2.zip\n"
    )
    assert not (tmp_path / "arkiv").exists()


# --- Threads inside the Instagram export ---------------------------------------------------


def threads_json() -> bytes:
    def entry(title: str, when: int, uri: str = "", reply: bool = False) -> dict:
        about = {"reply_control": "everyone", "geo_gated_country_list": "", "is_reply": reply}
        if reply:
            about["in_reply_to_username"] = "någon"
        return {"media": [{"uri": uri, "creation_timestamp": when, "title": title, "text_app_post": about,
                           "media_metadata": {"camera_metadata": {"has_camera_metadata": False}}}]}

    mojibake = "Tack för idag!".encode().decode("latin-1")  # Meta's byte-per-escape text
    posts = [
        entry(mojibake, 1776526631),
        entry("", 1776417076, "media/18400000000000000.webp"),
        entry("Svar", 1776417100, reply=True),
        entry("Tråd tre", 1776417200),
        entry("Svar 2", 1776417300, reply=True),
    ]
    return json.dumps({"text_post_app_text_posts": posts}).encode()


def instagram_with_threads(path: Path) -> Path:
    posts = [{"media": [{"uri": "media/posts/18060000000000001.jpg", "creation_timestamp": 1767200000,
                         "title": "Instagram"}]}]
    return instagram_zip(path, posts, {
        "media/posts/18060000000000001.jpg": photo("ig", "JPEG"),
        "your_instagram_activity/threads/threads_and_replies.json": threads_json(),
        "your_instagram_activity/threads/liked_threads.json": b'{"text_post_app_media_likes": []}',
        "media/18400000000000000.webp": photo("t", "WEBP"),
    })


def test_threads_posts_inside_instagram_are_read_as_threads(tmp_path):
    with open_export(instagram_with_threads(tmp_path / "ig.zip")) as opened:
        items = list(instagram.read(opened))
    posts = [(p.platform, p.text, p.needs_approval) for p in items if isinstance(p, ArchivedPost)]
    # No profile file: nobody can say who saw the threads, so each waits for approval.
    assert posts == [("instagram", "Instagram", False), ("threads", "Tack för idag!", True), ("threads", "", True),
                     ("threads", "Tråd tre", True)]
    member = "your_instagram_activity/threads/threads_and_replies.json"
    left_out = [(s.item, s.reason) for s in items if isinstance(s, Skipped) and s.file == member and not s.note]
    assert left_out == [("tråd 3", threads.NO_USERNAME), ("tråd 5", threads.NO_USERNAME)]
    notes = [(s.file, s.reason) for s in items if isinstance(s, Skipped) and s.note]
    assert notes == [
        (member, threads.UNKNOWN_AUDIENCE.format("your_instagram_activity/threads/personal_information.json")),
        ("your_instagram_activity/threads/liked_threads.json", "gillade trådar arkiveras inte"),
    ]


def test_threads_entries_add_up_in_the_summary(tmp_path):
    code, out, _ = run(instagram_with_threads(tmp_path / "ig.zip"), "--archive", tmp_path / "arkiv")
    assert code == 0
    assert totals(out)[0] == {"read": 6, "added": 4, "updated": 0, "unchanged": 0, "skipped": 2, "repeats": 0}
    assert "ig.zip (instagram och threads): 6 lästa = 4 nya" in out
    member = "your_instagram_activity/threads/threads_and_replies.json"
    assert f"  hoppade över {member} – 2 fall: {threads.NO_USERNAME} (tråd 3 och tråd 5)" in out
    stored = posts_in(tmp_path / "arkiv")
    assert sorted(k.split(":")[0] for k in stored) == ["instagram", "threads", "threads", "threads"]


def test_reimport_without_the_media_part_keeps_the_archived_media(tmp_path):
    first, second = split_2026(tmp_path)
    archive = tmp_path / "arkiv"
    assert run(first, second, "--archive", archive)[0] == 0
    before = posts_in(archive)
    code, out, _ = run(first, "--archive", archive)  # the media part forgotten this time
    assert code == 0 and "saknas i exporten" in out
    assert posts_in(archive) == before


def test_many_missing_files_print_one_line_with_a_count(tmp_path):
    path = instagram_zip(tmp_path / "ig.zip", instagram_posts(50), {})
    code, out, _ = run(path, "--archive", tmp_path / "arkiv")
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("  utelämnade")]
    assert lines == [
        "  utelämnade en fil ur your_instagram_activity/media/posts_1.json – 50 fall: filen saknas i exporten; "
        "importera alla delar av exporten samtidigt (inlägg 1, bild 1 (media/posts/202401/17900000000000000.jpg), "
        "inlägg 2, bild 1 (media/posts/202401/17900000000000001.jpg), "
        "inlägg 3, bild 1 (media/posts/202401/17900000000000002.jpg) och 47 till)"
    ]
    assert totals(out)[0] == {"read": 50, "added": 50, "updated": 0, "unchanged": 0, "skipped": 0, "repeats": 0}


def test_an_avif_photo_is_never_taken_for_a_video():
    avif = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 32
    assert kind_of(avif) == ("image", "")


def test_media_only_part_belongs_to_instagram_even_with_a_linkedin_export_in_the_same_run(tmp_path):
    first, second = split_2026(tmp_path)
    code, out, err = run(export("linkedin-classic", tmp_path), second, first, "--archive", tmp_path / "arkiv")
    assert (code, err) == (0, "")
    assert f"{second} (instagram)" in out
    media = [len(p["media"]) for k, p in posts_in(tmp_path / "arkiv").items() if k.startswith("instagram:")]
    assert media == [1, 2]
