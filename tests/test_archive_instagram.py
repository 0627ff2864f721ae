"""Instagram reader: three layouts, wrappers, mojibake, caption and date rules, what never imports."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from PIL import Image
from PIL.ExifTags import IFD

from social_archive.export_files import open_export
from social_archive.exports import detect, instagram
from social_archive.exports.meta import repair, repair_tree
from social_archive.model import ArchivedPost, Skipped
from social_archive.store import load_archive
from tests.archive_support import export, make_zip, photo, posts_in, run, tiny_mp4

GREETING = "Hälsningar från Ekbacka – åäö ÅÄÖ 😀"
POST_A = "1647780000-17912345678901234"


def read(*paths):
    with open_export(paths[0]) as main, open_export(paths[-1]) as other:
        assert detect(main) == "instagram"
        items = list(instagram.read(main, [other] if len(paths) > 1 else []))
    return {p.post_id: p for p in items if isinstance(p, ArchivedPost)}, [
        s for s in items if isinstance(s, Skipped)
    ]


@pytest.fixture(scope="module")
def ig2022(tmp_path_factory):
    return read(export("instagram-2022", tmp_path_factory.mktemp("ig")))


@pytest.fixture(scope="module")
def ig2025(tmp_path_factory):
    return read(export("instagram-2025", tmp_path_factory.mktemp("ig")))


def test_mojibake_caption_is_repaired_exactly(ig2022):
    assert ig2022[0][POST_A].text == GREETING


def test_repair_guard_keeps_text_that_is_already_right():
    assert repair("Ã¥") == "å"
    assert repair("å redan rätt – 😀") == "å redan rätt – 😀"  # above U+00FF: kept
    assert repair("é") == "é"  # Latin-1 byte that is not valid UTF-8: kept
    assert repair_tree({"a": ["Ã¶", 1, None]}) == {"a": ["ö", 1, None]}


def test_legacy_single_photo_takes_its_caption_from_the_media(ig2022):
    post = ig2022[0][POST_A]
    assert post.published == datetime(
        2022, 3, 20, 12, 40, tzinfo=timezone.utc
    )  # media[0]: no post-level time
    assert [m.kind for m in post.media] == [""]  # the importer decides from the content
    assert post.media[0].source.endswith("_n_17912345678901234.jpg")


def test_carousel_has_post_level_caption_date_and_order(ig2022):
    post = ig2022[0]["1649000000-17920000000000001"]
    assert post.text == "Karusell: två bilder\nrad två – ’citat’\u00a0NBSP"
    assert post.published == datetime.fromtimestamp(1649000002, timezone.utc)  # post-level time wins
    assert [m.source.rsplit("/", 1)[1] for m in post.media] == [
        "17920000000000001.jpg",
        "17920000000000002.webp",
    ]


def test_second_shard_and_a_video_are_read(ig2022):
    post = ig2022[0]["1650000000-17930000000000003"]
    assert post.text == "Film från vårmötet"
    assert [m.source.rsplit(".", 1)[1] for m in post.media] == ["mp4"]
    assert post.provenance[0].file == "content/posts_2.json"


def test_stories_archived_comments_likes_messages_never_become_posts(ig2022):
    posts, skipped = ig2022
    assert set(posts) == {POST_A, "1649000000-17920000000000001", "1650000000-17930000000000003"}
    assert {s.file for s in skipped if s.note} == {
        "content/stories.json",
        "content/archived_posts.json",
        "content/profile_photos.json",
        "comments/",
        "likes/",
        "messages/",
    }


def test_2024_layout_in_a_wrapper_folder_with_macos_junk(tmp_path):
    posts, _ = read(export("instagram-2024", tmp_path))
    assert set(posts) == {POST_A, "1704800000-17970000000000007"}
    assert posts["1704800000-17970000000000007"].text == "Vinterpromenad i snön ❄️"
    assert posts[POST_A].provenance[0].file == (
        "instagram-ekbacka.kommun-2024-05-01-AbCdEf/your_instagram_activity/content/posts_1.json"
    )
    assert [m.source for m in posts["1704800000-17970000000000007"].media] == [
        "instagram-ekbacka.kommun-2024-05-01-AbCdEf/media/posts/202401/17970000000000007.webp"
    ]


def test_2025_layout_new_caption_shape_and_same_id_despite_drift(ig2025):
    posts, _ = ig2025
    post = posts[POST_A]  # same id as in 2022, though the post-level time is 2 s later
    assert post.text == GREETING + " (redigerad)"
    assert post.published == datetime.fromtimestamp(1647780002, timezone.utc)


def test_2025_legacy_shaped_post_and_markup_caption(ig2025):
    assert ig2025[0]["1753900000-18020000000000012"].text == "#budget\n_x_ *y* <b>fet</b> {{ x }}\n---"


def test_2025_reel_and_video_post(ig2025):
    posts, skipped = ig2025
    reel = posts["1749000000-18030000000000013"]
    assert (reel.kind, reel.text) == ("reel", "Reel från badet 🏊")
    assert [m.source.rsplit(".", 1)[1] for m in reel.media] == ["mp4"]
    video = posts["1751000000-18010000000000011"]
    assert (video.kind, video.text) == ("post", "Video från invigningen")
    assert len(posts) == 4
    notes = {s.file.rsplit("/", 1)[-1] or s.file for s in skipped if s.note}
    assert {"stories.json", "archived_posts.json", "recently_deleted_content.json"} <= notes
    assert not any(
        "Raderat" in p.text or "berättelse" in p.text or "Arkiverat" in p.text for p in posts.values()
    )


def test_html_export_asks_for_json(tmp_path):
    code, out, err = run(export("instagram-html", tmp_path), "--archive", tmp_path / "arkiv")
    assert code == 1 and out == ""
    assert err == (
        "fel: your_instagram_activity/media/posts_1.html: exporten är i HTML-format; "
        "begär en ny export från Instagram och välj formatet JSON\n"
    )
    assert not (tmp_path / "arkiv").exists()


def test_photos_lose_gps_and_exif_and_get_turned_upright(tmp_path):
    archive = tmp_path / "arkiv"
    assert run(export("instagram-2022", tmp_path), "--archive", archive)[0] == 0
    stored = {s.post.post_id: s for s in load_archive(archive)}
    carousel = stored["1649000000-17920000000000001"].post.media
    assert [(m.path.rsplit(".", 1)[1], m.width, m.height) for m in carousel] == [
        ("jpg", 4, 8),
        ("webp", 4, 8),
    ]
    for media in carousel:
        with Image.open(archive / media.path) as image:
            assert image.size == (4, 8), "EXIF orientation 6 applied to the pixels"
            exif = image.getexif()
            assert not exif.get_ifd(IFD.GPSInfo) and 0x010F not in exif and exif.get(0x0112, 1) == 1
            assert "xmp" not in image.info and "exif" not in image.info
        assert b"Kamera AB" not in (archive / media.path).read_bytes()


def test_video_is_copied_byte_for_byte_with_its_size(tmp_path):
    archive = tmp_path / "arkiv"
    source = export("instagram-2022", tmp_path)
    assert run(source, "--archive", archive)[0] == 0
    (stored,) = [s for s in load_archive(archive) if s.post.media[0].kind == "video"]
    media = stored.post.media[0]
    original = tiny_mp4(payload=b"media/posts/202204/AQOxyz_17930000000000003.mp4")
    assert (archive / media.path).read_bytes() == original
    assert (media.width, media.height) == (640, 360)


def test_heic_becomes_jpeg(tmp_path):
    pytest.importorskip("pillow_heif", reason="pillow-heif is needed to make and read the HEIC test photo")
    archive = tmp_path / "arkiv"
    assert run(export("instagram-heic", tmp_path), "--archive", archive)[0] == 0
    (stored,) = load_archive(archive)
    assert stored.post.text == "Midsommar på Ekbacka 🌼"
    heic = stored.post.media[0]
    assert heic.path.endswith(".jpg") and (heic.width, heic.height) == (4, 8)
    with Image.open(archive / heic.path) as image:
        assert image.format == "JPEG" and not image.getexif().get_ifd(IFD.GPSInfo)


def posts_json(posts) -> bytes:
    return json.dumps(posts).encode()


def test_missing_media_file_is_listed_and_the_post_keeps_its_caption(tmp_path):
    posts = [
        {
            "media": [
                {
                    "uri": "media/posts/202401/17900000000000001.jpg",
                    "creation_timestamp": 1704800000,
                    "title": "Finns",
                }
            ]
        },
        {
            "media": [
                {
                    "uri": "media/posts/202401/17900000000000002.jpg",
                    "creation_timestamp": 1704800100,
                    "title": "Saknas",
                }
            ]
        },
    ]
    path = make_zip(
        tmp_path / "ig.zip",
        [
            ("content/posts_1.json", posts_json(posts)),
            ("media/posts/202401/17900000000000001.jpg", photo("a", "JPEG")),
        ],
    )
    found, skipped = read(path)
    assert set(found) == {"1704800000-17900000000000001", "1704800100-17900000000000002"}
    assert (found["1704800100-17900000000000002"].text, found["1704800100-17900000000000002"].media) == (
        "Saknas", ()
    )
    assert [(s.item, s.reason, s.partial) for s in skipped] == [
        (
            "inlägg 2, bild 1 (media/posts/202401/17900000000000002.jpg)",
            "filen saknas i exporten; importera alla delar av exporten samtidigt",
            True,
        )
    ]


def test_media_in_another_part_of_a_split_export_is_found(tmp_path):
    posts = [
        {
            "media": [
                {
                    "uri": "media/posts/202401/17900000000000001.jpg",
                    "creation_timestamp": 1704800000,
                    "title": "Del två",
                }
            ]
        }
    ]
    first = make_zip(
        tmp_path / "del1.zip", [("your_instagram_activity/media/posts_1.json", posts_json(posts))]
    )
    second = make_zip(
        tmp_path / "del2.zip", [("media/posts/202401/17900000000000001.jpg", photo("a", "JPEG"))]
    )
    code, out, _ = run(first, second, "--archive", tmp_path / "arkiv")
    assert code == 0
    (stored,) = load_archive(tmp_path / "arkiv")
    assert stored.post.text == "Del två" and stored.post.media[0].width == 4
    assert "del2.zip (instagram): 0 lästa = 0 nya" in out and "obs del2.zip – hela exporten" in out


def test_post_without_media_or_time_is_skipped(tmp_path):
    posts = [
        {"media": [], "title": "Ingen bild"},
        {"media": [{"uri": "media/posts/x.jpg", "title": "Ingen tid"}]},
    ]
    path = make_zip(tmp_path / "ig.zip", [("content/posts_1.json", posts_json(posts))])
    found, skipped = read(path)
    assert found == {}
    assert [s.reason for s in skipped] == [
        "inlägget har inga bilder eller video",
        "inlägget saknar en giltig tidpunkt (creation_timestamp)",
    ]


def test_liked_and_saved_posts_are_not_posts_files(tmp_path):
    liked = {
        "likes_media_likes": [{"media": [{"uri": "media/posts/x.jpg", "creation_timestamp": 1704800000}]}]
    }
    path = make_zip(
        tmp_path / "ig.zip",
        [
            ("your_instagram_activity/media/posts_1.json", b"[]"),
            ("your_instagram_activity/media/liked_posts.json", json.dumps(liked).encode()),
            ("your_instagram_activity/saved/saved_posts.json", json.dumps(liked).encode()),
            ("your_instagram_activity/media/archived_posts.json", json.dumps(liked).encode()),
        ],
    )
    assert read(path)[0] == {}


def test_export_with_two_accounts_is_refused(tmp_path):
    path = make_zip(
        tmp_path / "meta.zip",
        [
            ("instagram-a/your_instagram_activity/media/posts_1.json", b"[]"),
            ("instagram-b/your_instagram_activity/media/posts_1.json", b"[]"),
        ],
    )
    code, _, err = run(path, "--archive", tmp_path / "arkiv")
    assert (code, err) == (
        1,
        "fel: meta.zip: exporten innehåller flera Instagram-konton (instagram-a, instagram-b); importera ett i taget\n",
    )


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (
            [("media.json", b'{"photos": []}'), ("photos/201901/a.jpg", b"")],
            "fel: media.json: Instagram-exporter från före 2021 (media.json) stöds inte; begär en ny export i formatet JSON",
        ),
        (
            [("your_instagram_activity/comments/post_comments_1.json", b"[]")],
            "fel: ig.zip: hittar inga inlägg (posts_1.json) i Instagram-exporten; "
            "begär en export som tar med ditt innehåll",
        ),
    ],
)
def test_exports_without_posts_say_what_to_request(tmp_path, members, message):
    code, _, err = run(make_zip(tmp_path / "ig.zip", members), "--archive", tmp_path / "arkiv")
    assert (code, err) == (1, message + "\n")


def test_a_private_accounts_posts_wait_for_approval(tmp_path):
    profile = {"profile_user": [{"string_map_data": {"Username": {"value": "eva"},
                                                     "Private Account": {"value": "True"}}}]}
    posts = [{"media": [{"uri": "media/posts/202401/17900000000000001.jpg", "creation_timestamp": 1704800001,
                         "title": "Bara för följare"}]}]
    path = make_zip(tmp_path / "privat.zip", [
        ("your_instagram_activity/media/posts_1.json", json.dumps(posts).encode()),
        ("media/posts/202401/17900000000000001.jpg", photo("p", "JPEG")),
        ("personal_information/personal_information/personal_information.json", json.dumps(profile).encode()),
    ])
    code, out, err = run(path, "--archive", tmp_path / "arkiv")
    assert (code, err) == (0, "")
    (stored,) = posts_in(tmp_path / "arkiv").values()
    assert stored["approved"] is False
    assert "kontot är privat (Private Account)" in out and "1 inlägg väntar på godkännande" in out
