"""Re-import: idempotent, order-independent, edits kept as history, hand edits survive, dry-run."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from social_archive.importer import import_exports
from social_archive.store import load_archive
from tests.archive_support import export, instagram_posts, make_zip, photo, posts_in, run, tree

T1 = 'Besök på Ekbackaskolan i dag. Tack för fikat! ☕️\n\nVi pratade om "trygghet" och arbetsmiljö.\n"Citat på egen rad"\nSlut.'
GREETING = "Hälsningar från Ekbacka – åäö ÅÄÖ 😀"


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    cases = ("linkedin-classic", "linkedin-member-id", "instagram-2022", "instagram-2024", "instagram-2025")
    return {case: export(case, folder) for case in cases}


def imported(archive: Path, *paths: Path, private: bool = False) -> dict[str, str]:
    for path in paths:
        code, _, err = run(path, "--archive", archive, *(["--private-repository"] if private else []))
        assert code == 0, err
    return tree(archive)


def test_importing_the_same_export_twice_changes_nothing(exports, tmp_path):
    archive = tmp_path / "arkiv"
    first = imported(archive, exports["linkedin-classic"], exports["instagram-2022"])
    code, out, _ = run(exports["instagram-2022"], "--archive", archive)
    assert (
        code == 0 and "instagram-2022.zip (instagram): 3 lästa = 0 nya + 0 ändrade + 3 oförändrade + 0 överhoppade"
        " + 0 upprepningar" in out
    )
    assert imported(archive, exports["linkedin-classic"]) == first


def test_reimport_does_not_decode_photos_it_already_stored(exports, tmp_path, monkeypatch):
    """Most of a first import is cleaning photos; the same export again must skip that work."""
    import social_archive.importer as importer

    archive = tmp_path / "arkiv"
    first = imported(archive, exports["instagram-2025"])

    def refuse(data):
        raise AssertionError("a photo was decoded again")

    monkeypatch.setattr(importer, "prepare_image", refuse)
    assert imported(archive, exports["instagram-2025"]) == first


@pytest.mark.parametrize("platform", ["linkedin", "instagram"])
def test_every_order_of_exports_gives_the_same_archive(exports, tmp_path, platform):
    cases = [path for case, path in exports.items() if case.startswith(platform)]
    results = {
        order: imported(tmp_path / "-".join(p.stem for p in order), *order)
        for order in itertools.permutations(cases)
    }
    together = tmp_path / "together"
    assert run(*cases, "--archive", together)[0] == 0
    assert (
        len(
            {json.dumps(r, sort_keys=True) for r in results.values()}
            | {json.dumps(tree(together), sort_keys=True)}
        )
        == 1
    )


def test_edited_linkedin_post_takes_the_newer_text_and_keeps_the_old(exports, tmp_path):
    archive = tmp_path / "arkiv"
    imported(archive, exports["linkedin-member-id"], exports["linkedin-classic"])  # newer first
    post = posts_in(archive)["linkedin:7174000000000000001"]
    assert post["text"] == T1 + " (Uppdaterat: rättade ett namn.)"
    assert post["history"] == [{"text": T1, "replaced": "2026-04-12T08:03:00Z"}]
    assert [i["file"] for i in post["imports"]] == ["Shares.csv", "Shares_123456.csv"]
    assert [i["first_seen"] for i in post["imports"]] == ["2024-03-15T07:45:00Z", "2026-04-12T08:03:00Z"]


def test_post_missing_from_a_newer_export_stays(exports, tmp_path):
    archive = tmp_path / "arkiv"
    # --private-repository: the post that shows it is one shown only to connections
    imported(archive, exports["linkedin-classic"], exports["linkedin-member-id"], private=True)
    posts = posts_in(archive)
    assert (
        posts["linkedin:7158000000000000002"]["text"] == "Å Ä Ö å ä ö – emoji 😀👍🏽 och #ledarskap @Kommunen"
    )
    assert len(posts) == 8


def test_edited_instagram_caption_across_vintages(exports, tmp_path):
    archive = tmp_path / "arkiv"
    imported(archive, exports["instagram-2025"], exports["instagram-2022"], exports["instagram-2024"])
    post = posts_in(archive)["instagram:1647780000-17912345678901234"]
    assert post["text"] == GREETING + " (redigerad)"
    assert post["history"] == [{"text": GREETING, "replaced": "2025-07-30T18:26:40Z"}]
    assert post["published"] == "2022-03-20T12:40:02Z"  # the newest export's post-level time
    assert len(post["imports"]) == 3
    assert len(list(archive.glob("instagram/2022/*1647780000*.json"))) == 1


def test_hand_edits_survive_every_reimport(exports, tmp_path):
    archive = tmp_path / "arkiv"
    imported(archive, exports["instagram-2022"], exports["linkedin-classic"])
    ig = next(archive.glob("instagram/2022/2022-03-20-*.json"))
    li = next(archive.glob("linkedin/2024/2024-03-15-*.json"))
    for path, alt in ((ig, "Kommunhuset i vårsol"), (li, None)):
        document = json.loads(path.read_text(encoding="utf-8"))
        document.update(hidden=True, note="Dold efter beslut 2025-01-10")
        if alt:
            document["media"][0]["alt"] = alt
        path.write_text(
            json.dumps(document, ensure_ascii=False, indent=4), encoding="utf-8"
        )  # hand-formatted
    imported(archive, exports["instagram-2025"], exports["instagram-2024"], exports["linkedin-member-id"])
    stored = {s.post.key: s for s in load_archive(archive)}
    photo_post, text_post = (
        stored["instagram:1647780000-17912345678901234"],
        stored["linkedin:7174000000000000001"],
    )
    assert (photo_post.hidden, photo_post.note, photo_post.post.media[0].alt) == (
        True,
        "Dold efter beslut 2025-01-10",
        "Kommunhuset i vårsol",
    )
    assert (text_post.hidden, text_post.note) == (True, "Dold efter beslut 2025-01-10")
    assert photo_post.post.text.endswith("(redigerad)") and text_post.post.text.endswith("namn.)")


def test_dry_run_writes_nothing_and_reports_the_same(exports, tmp_path):
    archive = tmp_path / "arkiv"
    imported(archive, exports["linkedin-classic"])
    before = tree(archive)
    code, dry, _ = run(
        exports["linkedin-member-id"], exports["instagram-2025"], "--archive", archive, "--dry-run"
    )
    assert code == 0 and tree(archive) == before
    assert dry.endswith("Provkörning: ingenting skrevs till arkivet.\n")
    code, real, _ = run(exports["linkedin-member-id"], exports["instagram-2025"], "--archive", archive)
    assert dry.splitlines()[:-1] == real.splitlines()[:-1]
    assert run(exports["instagram-2025"], "--archive", tmp_path / "ny", "--dry-run")[0] == 0
    assert not (tmp_path / "ny").exists()


def test_summary_in_swedish(exports, tmp_path):
    code, out, err = run(exports["linkedin-classic"], "--archive", tmp_path / "arkiv")
    assert (code, err) == (0, "")
    assert (
        out
        == f"""{exports["linkedin-classic"]} (linkedin): 10 lästa = 6 nya + 0 ändrade + 0 oförändrade + 4 överhoppade + 0 upprepningar
  hoppade över Shares.csv – rad 9: tom rad: ingen text, ingen delad länk och ingen bild
  hoppade över Shares.csv – rad 10: Date är tom; ett inlägg utan säkert datum arkiveras inte
  obs Shares.csv – 1 inlägg med bild eller video: bilder och video följer inte med LinkedIn-exporten; länkarna (MediaUrl) hämtas aldrig
  hoppade över Articles/Articles/mitt-första-inlägg.html – artikeln: artikeln saknar publiceringsdatum (<p class="published">); den arkiveras inte
  obs Comments.csv – hela filen: kommentarer på andras inlägg arkiveras inte
  obs InstantReposts.csv – hela filen: direktdelningar utan egen text arkiveras inte
  obs messages.csv – hela filen: privata meddelanden läses aldrig
  hoppade över Shares.csv – rad 7: visades bara för dina kontakter; sparas inte, eftersom arkivet checkas in i git och repot kan läsas av alla (se README, Arkivet och git)
Totalt: 10 lästa = 6 nya + 0 ändrade + 0 oförändrade + 4 överhoppade + 0 upprepningar.
Granska ändringarna med git diff innan du checkar in dem.
"""
    )


def test_summary_object_and_progress(exports, tmp_path):
    calls = []
    summary = import_exports(
        [exports["instagram-2022"]],
        tmp_path / "arkiv",
        progress=lambda label, done, total: calls.append((label, done, total)),
    )
    (file,) = summary.files
    assert (file.platform, file.added, file.updated, file.unchanged, file.count("skipped")) == (
        "instagram",
        3,
        0,
        0,
        0,
    )
    assert ("Bilder och video", 4, 4) in calls and calls[-1][0] == "Sparar"


def instagram(path: Path, posts: list[dict], photos: dict[str, bytes]) -> Path:
    return make_zip(
        path, [("your_instagram_activity/media/posts_1.json", json.dumps(posts).encode()), *photos.items()]
    )


def test_post_whose_date_crosses_midnight_moves_file_in_either_order(tmp_path):
    uri = "media/posts/202412/17900000000000001.jpg"
    media = [{"uri": uri, "creation_timestamp": 1735689598, "title": ""}]  # 23:59:58 UTC
    old = instagram(
        tmp_path / "old.zip",
        [{"media": media, "title": "Gott nytt år", "creation_timestamp": 1735689599}],
        {uri: photo("a", "JPEG")},
    )
    new = instagram(
        tmp_path / "new.zip",
        [{"media": media, "title": "Gott nytt år!", "creation_timestamp": 1735689601}],
        {uri: photo("a", "JPEG")},
    )
    one = imported(tmp_path / "a", old, new)
    two = imported(tmp_path / "b", new, old)
    assert one == two
    assert [k for k in one if k.endswith(".json")] == [
        "instagram/2025/2025-01-01-1735689598-17900000000000001.json"
    ]
    assert posts_in(tmp_path / "a")["instagram:1735689598-17900000000000001"]["history"] == [
        {"text": "Gott nytt år", "replaced": "2025-01-01T00:00:01Z"}
    ]


def test_history_with_three_versions_in_any_order(tmp_path):
    uri = "media/posts/202401/17900000000000001.jpg"
    versions = [("v1", 1704800000), ("v2", 1710000000), ("v1", 1720000000), ("v3", 1730000000)]
    paths = []
    for n, (text, newest) in enumerate(versions):
        later = {
            "uri": f"media/posts/x/1790000000000009{n}.jpg",
            "creation_timestamp": newest,
            "title": "senaste",
        }
        posts = [
            {"media": [{"uri": uri, "creation_timestamp": 1704800000, "title": text}]},
            {"media": [later]},
        ]
        paths.append(
            instagram(
                tmp_path / f"e{n}.zip", posts, {uri: photo("a", "JPEG"), later["uri"]: photo(str(n), "JPEG")}
            )
        )
    results = {
        json.dumps(imported(tmp_path / f"o{i}", *order), sort_keys=True)
        for i, order in enumerate(itertools.permutations(paths))
    }
    assert len(results) == 1
    post = posts_in(tmp_path / "o0")["instagram:1704800000-17900000000000001"]
    assert post["text"] == "v3"
    assert post["history"] == [
        {"text": "v2", "replaced": "2024-07-03T09:46:40Z"},
        {"text": "v1", "replaced": "2024-10-27T03:33:20Z"},
    ]


def test_same_photo_in_two_posts_is_stored_once_and_shards_may_overlap(tmp_path):
    same = photo("samma", "JPEG")
    posts = instagram_posts(2)
    path = make_zip(
        tmp_path / "ig.zip",
        [
            ("content/posts_1.json", json.dumps(posts).encode()),
            ("content/posts_2.json", json.dumps(posts[1:]).encode()),  # overlapping shard: same post again
            *((f"media/posts/202401/1790000000000000{n}.jpg", same) for n in range(2)),
        ],
    )
    code, out, _ = run(path, "--archive", tmp_path / "arkiv")
    assert code == 0 and "3 lästa = 2 nya + 0 ändrade + 0 oförändrade + 0 överhoppade + 1 upprepning" in out
    assert "  upprepning i content/posts_2.json – inlägg 1 = inlägg 2: samma inlägg som redan lästs" in out
    assert len(list((tmp_path / "arkiv" / "media").rglob("*.jpg"))) == 1


def test_alt_text_follows_a_re_encoded_photo_by_position(tmp_path):
    uri = "media/posts/202401/17900000000000001.jpg"
    post = [{"media": [{"uri": uri, "creation_timestamp": 1704800000, "title": "Hej"}]}]
    old = instagram(tmp_path / "old.zip", post, {uri: photo("a", "JPEG")})
    newer_post = post + [
        {
            "media": [
                {
                    "uri": "media/posts/202402/17900000000000002.jpg",
                    "creation_timestamp": 1707000000,
                    "title": "Ny",
                }
            ]
        }
    ]
    new = instagram(
        tmp_path / "new.zip",
        newer_post,
        {uri: photo("b", "JPEG"), "media/posts/202402/17900000000000002.jpg": photo("c", "JPEG")},
    )
    archive = tmp_path / "arkiv"
    imported(archive, old)
    (path,) = archive.glob("instagram/*/*.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    document["media"][0]["alt"] = "Ett leende"
    path.write_text(json.dumps(document), encoding="utf-8")
    imported(archive, new)
    stored = {s.post.post_id: s for s in load_archive(archive)}["1704800000-17900000000000001"]
    assert (
        stored.post.media[0].alt == "Ett leende" and stored.post.media[0].path != document["media"][0]["path"]
    )
