"""Bluesky's repo.car through the real importer: CAR files written at test time (tests/bluesky_export.py),
a real search tree with subtrees, images from a folder of blobs named by their CIDs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import libipld
import pytest

from social_archive.export_files import ExportError, Limits, open_export
from social_archive.exports import bluesky
from social_archive.exports.atproto_repo import Repository
from social_archive.importer import import_exports
from social_archive.model import ArchivedPost, Skipped
from tests.archive_support import export, photo, posts_in, run, totals, tree
from tests.bluesky_export import (
    Link, Repo, car_bytes, cid_of, deep_chain, description, finish, looping, repository, write_export,
)

DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
ARCHIVED = {
    "3jts53z5t222b", "3ljjzfkgd622b", "3ljjzsal5m22b", "3llqe2livk22b", "3lltdmcig222b",
    "3lo3x356d222b", "3lo6hk2n3222b", "3lqjvjohl222b", "3lqmfylwd222b", "3lrajpxmd222b",
}
CYKEL = "3ljjzfkgd622b"
AGAIN = "Inställningar → Konto → Exportera mina data"


def texts(archive: Path) -> dict[str, str]:
    return {doc["post_id"]: doc["text"] for doc in posts_in(archive).values()}


def written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def car_with(tmp_path: Path, change) -> Path:
    """repo.car of bluesky-basic after `change(description)`."""
    desc = description("bluesky-basic")
    change(desc)
    return written(tmp_path / "repo.car", repository(desc)[0])


def read_all(path: Path) -> list[ArchivedPost | Skipped]:
    """What the reader yields for repo.car alone, without the importer."""
    with open_export(path) as car:
        return list(bluesky.read(car))


def test_import_archives_own_posts_and_self_threads_with_images_and_alt(tmp_path):
    car, bilder, _ = write_export("bluesky-basic", tmp_path)
    code, out, err = run(car, bilder, "--archive", tmp_path / "a")
    assert (code, err) == (0, "")
    assert totals(out)[-1] == {"read": 12, "added": 10, "updated": 0, "unchanged": 0, "skipped": 2, "repeats": 0}
    assert "hoppade över repo.car – app.bsky.feed.post/3ljmptx4u222b: svar på andras inlägg arkiveras inte" in out
    assert ("hoppade över repo.car – app.bsky.feed.post/3loaxyy3t222b: tidpunkten (createdAt) "
            "'1970-01-01T00:00:00Z' ligger utanför 2003 till i dag; inlägget arkiveras inte") in out
    assert ("obs repo.car – hela filen: chatt, följningar, blockeringar och listor, gillningar, "
            "svarsinställningar, återpubliceringar av andras inlägg arkiveras inte") in out
    assert ("obs repo.car – hela filen: 2 samlingar från andra appar än Bluesky (community.nooki.posts, "
            "social.psky.feed.post) arkiveras inte") in out
    assert "utelämnade" not in out and "inga bilder" not in out
    posts = posts_in(tmp_path / "a")
    assert {doc["post_id"] for doc in posts.values()} == ARCHIVED
    cykel = posts[f"bluesky:{CYKEL}"]
    # The shortened link shown in full; the mention and the tag as typed.
    assert cykel["text"] == (
        "Ny cykelbana invigd i Västerås 🚲 läs: https://example.se/cykel?id=7&utm=bsky #cykel tack @kommunen.bsky.social"
    )
    assert cykel["url"] == f"https://bsky.app/profile/{DID}/post/{CYKEL}"
    assert cykel["published"] == "2025-03-04T08:12:55Z"
    assert [(m["kind"], m["alt"], m["path"][-4:]) for m in cykel["media"]] == [
        ("image", "Barn cyklar på den nya banan", ".jpg"), ("image", "", ".png")]
    video = posts["bluesky:3lo6hk2n3222b"]
    assert [(m["kind"], m["alt"]) for m in video["media"]] == [("video", "Kommundirektören klipper bandet")]
    quote_with_photo = posts["bluesky:3lqmfylwd222b"]
    assert quote_with_photo["shared_url"] == f"https://bsky.app/profile/{DID}/post/{CYKEL}"
    assert [m["alt"] for m in quote_with_photo["media"]] == ["Banan i kvällsljus"]
    report = posts["bluesky:3llqe2livk22b"]
    assert report["shared_url"] == "https://example.se/trygghet"  # the link card
    assert report["text"] == "Ny rapport om trygghet i centrum. Läs rapporten (https://example.se/rapport.pdf)"
    assert posts["bluesky:3lltdmcig222b"]["shared_url"] == (
        "https://bsky.app/profile/did:plc:kommunen4vsxqz2ab5jk3zq/post/3llt7x2kq4c2y")
    assert posts["bluesky:3ljjzsal5m22b"]["text"] == "Banan är 2,4 km lång och belyst hela vägen."  # own thread
    assert posts["bluesky:3lo3x356d222b"]["text"] == "<script>alert(1)</script> **fet** {{ x }} &amp; <b>slut</b>"
    assert posts["bluesky:3lqjvjohl222b"]["published"] == "2012-08-14T18:30:00Z"  # back-dated by an importer
    assert posts["bluesky:3jts53z5t222b"]["text"] == "Första inlägget här! Mer på https://example.se/om"


def test_photos_lose_their_gps_on_the_way_in(tmp_path):
    car, bilder, _ = write_export("bluesky-basic", tmp_path)
    run(car, bilder, "--archive", tmp_path / "a")
    from PIL import Image

    for doc in posts_in(tmp_path / "a").values():
        for media in doc["media"]:
            if media["kind"] == "image":
                with Image.open(tmp_path / "a" / media["path"]) as image:
                    assert not image.getexif().get_ifd(0x8825)


def test_the_written_car_is_real_and_its_tree_has_subtrees_and_shared_prefixes(tmp_path):
    data, repo = repository(description("bluesky-basic"))
    header, blocks = libipld.decode_car(data)  # the maintained decoder reads what the support writes
    assert header["version"] == 1 and set(blocks) == set(repo.blocks)
    assert any(node["l"] or any(e["t"] for e in node["e"]) for node in repo.nodes)
    assert any(e["p"] > 0 for node in repo.nodes for e in node["e"])
    assert len({len(node["e"]) for node in repo.nodes}) > 2
    walked = [key for key, _ in Repository("repo.car", data).records()]
    records = description("bluesky-basic")["records"]
    assert walked == sorted(walked) and set(records) < set(walked) and len(walked) == len(records) + 36


def test_reimport_adds_nothing_and_writes_nothing(tmp_path):
    car, bilder, _ = write_export("bluesky-basic", tmp_path)
    run(car, bilder, "--archive", tmp_path / "a")
    before = tree(tmp_path / "a")
    code, out, _ = run(car, bilder, "--archive", tmp_path / "a")
    assert code == 0
    assert totals(out)[-1] == {"read": 12, "added": 0, "updated": 0, "unchanged": 10, "skipped": 2, "repeats": 0}
    assert tree(tmp_path / "a") == before


def test_without_the_images_the_text_is_archived_and_the_images_come_later(tmp_path):
    car, bilder, _ = write_export("bluesky-basic", tmp_path)
    code, out, _ = run(car, "--archive", tmp_path / "a")
    assert code == 0
    assert totals(out)[-1]["added"] == 10
    assert ("utelämnade en fil ur repo.car – 4 fall: filen finns inte bland bilderna; den ingår inte i repo.car "
            "(hämta bilderna, se README, Bluesky) (app.bsky.feed.post/3ljjzfkgd622b, bild 1 (") in out
    assert ("obs repo.car – hela filen: repo.car innehåller inga bilder eller filmer; hämta dem en gång "
            "(se README, Bluesky) och importera mappen samtidigt: invoke import repo.car --more bilder/") in out
    assert posts_in(tmp_path / "a")[f"bluesky:{CYKEL}"]["media"] == []
    code, out, _ = run(car, bilder, "--archive", tmp_path / "a")
    assert totals(out)[-1] == {"read": 12, "added": 0, "updated": 3, "unchanged": 7, "skipped": 2, "repeats": 0}
    assert [m["alt"] for m in posts_in(tmp_path / "a")[f"bluesky:{CYKEL}"]["media"]] == [
        "Barn cyklar på den nya banan", ""]


def test_an_image_only_post_waits_for_its_images(tmp_path):
    def change(desc):
        desc["records"][f"app.bsky.feed.post/{CYKEL}"]["text"] = ""
        del desc["records"][f"app.bsky.feed.post/{CYKEL}"]["facets"]

    items = read_all(car_with(tmp_path, change))
    assert [(s.item, s.reason) for s in items if isinstance(s, Skipped) and CYKEL in s.item] == [
        (f"app.bsky.feed.post/{CYKEL}", bluesky.IMAGES_ONLY)]
    assert any(isinstance(s, Skipped) and s.reason == bluesky.NO_MEDIA for s in items)


def test_one_folder_with_repo_car_and_the_images_inside_is_one_export(tmp_path):
    car, _, _ = write_export("bluesky-basic", tmp_path)
    code, out, _ = run(car.parent, "--archive", tmp_path / "a")
    assert code == 0 and "utelämnade" not in out
    assert totals(out)[-1] == {"read": 12, "added": 10, "updated": 0, "unchanged": 0, "skipped": 2, "repeats": 0}
    assert len(posts_in(tmp_path / "a")[f"bluesky:{CYKEL}"]["media"]) == 2


def test_alt_written_by_hand_survives_reimport(tmp_path):
    car, bilder, _ = write_export("bluesky-basic", tmp_path)
    run(car, bilder, "--archive", tmp_path / "a")
    (path,) = (tmp_path / "a").glob(f"bluesky/2025/2025-03-04-{CYKEL}.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["media"][1]["alt"] = "Bandet klipps"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    run(car, bilder, "--archive", tmp_path / "a")
    assert [m["alt"] for m in posts_in(tmp_path / "a")[f"bluesky:{CYKEL}"]["media"]] == [
        "Barn cyklar på den nya banan", "Bandet klipps"]


def test_a_blob_whose_bytes_do_not_match_its_cid_is_not_used(tmp_path):
    car, bilder, repo = write_export("bluesky-basic", tmp_path)
    swapped = sorted(bilder.iterdir())[0]
    swapped.write_bytes(photo("någon annan bild", "JPEG"))
    code, out, _ = run(car, bilder, "--archive", tmp_path / "a")
    assert code == 0
    assert ("utelämnade en fil ur repo.car – app.bsky.feed.post/" in out
            and f"({swapped.name}): filen {swapped.name} stämmer inte med sitt CID (innehållet är ett annat); "
            "den används inte" in out)
    assert totals(out)[-1]["added"] == 10
    stored = {m["path"] for doc in posts_in(tmp_path / "a").values() for m in doc["media"]}
    assert len(stored) == len(repo.blobs) - 1


def test_blob_refs_that_are_no_raw_cid_are_left_out_not_followed(tmp_path):
    def change(desc):
        images = desc["records"][f"app.bsky.feed.post/{CYKEL}"]["embed"]["images"]
        images[0]["image"] = {"cid": "../../../etc/passwd", "mimeType": "image/jpeg"}  # legacy blob form
        images[1]["image"]["ref"] = {"$link": "bafyreid27zk7lbis4zw5fz4podbvbs4fc5ivwji3dmrwa6zggnj4bnd57u"}

    car = car_with(tmp_path, change)
    items = read_all(car)
    partial = [(s.item, s.reason) for s in items if isinstance(s, Skipped) and s.partial and CYKEL in s.item]
    assert partial == [(f"app.bsky.feed.post/{CYKEL}, bild 1 (inget CID)", "bilden har inget giltigt CID i exporten"),
                       (f"app.bsky.feed.post/{CYKEL}, bild 2 (inget CID)", "bilden har inget giltigt CID i exporten")]


def test_a_symlink_in_the_blob_folder_is_refused_and_the_archive_untouched(tmp_path):
    car, bilder, _ = write_export("bluesky-basic", tmp_path)
    run(car, "--archive", tmp_path / "a")
    before = tree(tmp_path / "a")
    first = sorted(bilder.iterdir())[0]
    first.unlink()
    os.symlink("/etc/passwd", first)
    code, out, err = run(car, bilder, "--archive", tmp_path / "a")
    assert (code, out) == (1, "")
    assert err == f"fel: {first.name}: symbolisk länk i exportmappen; sådana läses aldrig\n"
    assert tree(tmp_path / "a") == before


def test_the_blob_folder_alone_says_what_to_do(tmp_path):
    _, bilder, _ = write_export("bluesky-basic", tmp_path)
    code, _, err = run(bilder, "--archive", tmp_path / "a")
    assert (code, err) == (1, "fel: bilder: mappen har bara bilder och filmer; importera den tillsammans med "
                              "exporten: invoke import repo.car --more bilder\n")


def test_no_unauthenticated_holds_every_post_for_approval(tmp_path):
    car, _, _ = write_export("bluesky-no-unauthenticated", tmp_path)  # a version 2 commit
    items = read_all(car)
    posts = [i for i in items if isinstance(i, ArchivedPost)]
    assert [(p.post_id, p.text, p.needs_approval) for p in posts] == [
        ("3lo3x356d222b", "Första", True), ("3lo6hk2n3222b", "Andra", True)]
    code, out, _ = run(car, "--archive", tmp_path / "a")
    assert code == 0 and totals(out)[-1]["added"] == 2
    assert ("obs repo.car – app.bsky.actor.profile/self: profilen har etiketten !no-unauthenticated (visa mig "
            "inte för utloggade); alla inlägg väntar på ditt godkännande innan de publiceras") in out


def test_only_a_post_with_a_content_warning_waits_for_approval(tmp_path):
    car, _, _ = write_export("bluesky-basic", tmp_path)
    waiting = {i.post_id for i in read_all(car) if isinstance(i, ArchivedPost) and i.needs_approval}
    assert waiting == {"3lrajpxmd222b"}


@pytest.mark.parametrize(
    ("facets", "text", "expected"),
    [
        # Byte offsets after multi-byte characters (å, 🚲: 2 and 4 bytes).
        ([(10, 18, "https://ex.se/å?x=1")], "åå 🚲 ex.se/å", "åå 🚲 https://ex.se/å?x=1"),
        ([(0, 13, "https://example.se/lång/väg")], "example.se...", "https://example.se/lång/väg"),
        ([(1, 3, "https://ex.se/")], "åå", "åå"),  # the middle of a character: the facet is wrong
        ([(0, 4, "javascript:alert(1)")], "klick", "klick"),  # never a link to anything but http(s)
        ([(0, 5, "https://a.se/"), (2, 5, "https://b.se/")], "a.se/", "https://a.se/"),  # overlapping
        ([(0, 2**63 - 1, "https://a.se/")], "a.se/", "a.se/"),  # past the end
        ([(0, 5, "https://a.se/")], "a.se/ och mer", "https://a.se/ och mer"),
    ],
)
def test_link_facets_use_utf8_byte_offsets(facets, text, expected):
    record = {"text": text, "facets": [
        {"index": {"byteStart": s, "byteEnd": e}, "features": [{"$type": "app.bsky.richtext.facet#link", "uri": u}]}
        for s, e, u in facets]}
    assert bluesky.post_text(record) == expected


def test_missing_and_odd_fields_never_crash(tmp_path):
    def change(desc):
        records = desc["records"]
        records["app.bsky.feed.post/3lo3x356d222b"] = {"$type": "app.bsky.feed.post", "createdAt": 2**62}
        records["app.bsky.feed.post/3lo6hk2n3222b"] = {"$type": "app.bsky.feed.post", "text": "x",
                                                        "createdAt": "2025-05-02T09:00:00", "facets": [{}, 5]}
        records["app.bsky.feed.post/3lqjvjohl222b"] = {"$type": "app.bsky.feed.post", "text": "y",
                                                        "createdAt": "2025-05-02T09:00:00Z", "embed": "nej",
                                                        "reply": {"parent": 7}}
        records["app.bsky.feed.post/not-a-tid"] = {"$type": "app.bsky.feed.post", "text": "z",
                                                   "createdAt": "2025-05-02T09:00:00Z"}
        records["app.bsky.feed.post/3lqmfylwd222b"] = ["inte", "en", "post"]

    car = car_with(tmp_path, change)
    reasons = {s.item.rsplit("/", 1)[1]: s.reason for s in read_all(car)
               if isinstance(s, Skipped) and s.counts_as_skipped}
    assert reasons == {
        "3ljmptx4u222b": "svar på andras inlägg arkiveras inte",
        "3lo3x356d222b": "inlägget saknar en giltig tidpunkt (createdAt)",
        "3lo6hk2n3222b": "tidpunkten (createdAt) '2025-05-02T09:00:00' saknar tidszon",
        "3loaxyy3t222b": "tidpunkten (createdAt) '1970-01-01T00:00:00Z' ligger utanför 2003 till i dag; "
                         "inlägget arkiveras inte",
        "3lqjvjohl222b": "svar på andras inlägg arkiveras inte",  # a reply whose parent is unreadable
        "not-a-tid": "inlägget har ingen giltig nyckel (TID); det kan inte identifieras",
        "3lqmfylwd222b": "posten är inte ett inlägg (app.bsky.feed.post)",
    }


def basic_car(tmp_path: Path) -> bytes:
    return write_export("bluesky-basic", tmp_path / "src")[0].read_bytes()


def nested_record(tmp_path: Path) -> bytes:
    repo = Repo()
    deep = b"\x81" * 5000 + b"\x00"  # [[[[…0]]]] 5,000 deep, valid DAG-CBOR
    repo.blocks[cid_of(deep)] = deep
    return finish(repo, {"app.bsky.feed.post/3lo3x356d222b": cid_of(deep)}, "did:plc:djup")


def flipped(tmp_path: Path) -> bytes:
    data = basic_car(tmp_path)
    return data.replace(b"Fel klocka i appen", b"Fel klocka i appeN")


def not_a_commit(tmp_path: Path) -> bytes:
    desc = description("bluesky-basic")
    desc["version"] = 7
    return repository(desc)[0]


GARBLED = f"; ladda ned exporten igen ({AGAIN})"
REFUSED = {
    "car version 2": (lambda p: bytes.fromhex("0aa16776657273696f6e02") + b"\x00" * 40, "repo.car",
                      f"filen är en CAR av version 2; exporten från Bluesky är version 1 ({AGAIN})"),
    "json dump": (lambda p: json.dumps({"did": "did:plc:x", "records": [{"$type": "app.bsky.feed.post"}]}).encode(),
                  "repo.json", f"filen är JSON, inte Bluesky-exporten repo.car; exportera en CAR-fil ({AGAIN})"),
    "truncated": (lambda p: basic_car(p)[:-7], "repo.car",
                  "CAR-filen är skadad eller inte hel (filen tar slut mitt i ett block)" + GARBLED),
    "a changed byte": (flipped, "repo.car", "CAR-filen är skadad eller inte hel "
                       "(app.bsky.feed.post/3loaxyy3t222b stämmer inte med sitt CID)" + GARBLED),
    "a tree that loops": (lambda p: looping(), "repo.car",
                          "CAR-filen är skadad eller inte hel (en nod i trädet stämmer inte med sitt CID)" + GARBLED),
    "a tree 10,000 deep": (lambda p: deep_chain(10_000), "repo.car",
                           "CAR-filen är skadad eller inte hel (trädet är djupare än 64 nivåer)" + GARBLED),
    "a record 5,000 deep": (nested_record, "repo.car", "CAR-filen är skadad eller inte hel "
                            "(app.bsky.feed.post/3lo3x356d222b är nästlat för djupt)" + GARBLED),
    "not a commit": (not_a_commit, "repo.car",
                     "CAR-filens rot är ingen commit från Bluesky (did och version 3); det är ingen export av ett konto"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_broken_or_foreign_files_are_refused_with_one_line_and_the_archive_untouched(case, tmp_path):
    make, name, problem = REFUSED[case]
    archive = tmp_path / "a"
    assert run(export("instagram-2022", tmp_path), "--archive", archive)[0] == 0
    before = tree(archive)
    path = written(tmp_path / name, make(tmp_path))
    assert run(path, "--archive", archive) == (1, "", f"fel: {name}: {problem}\n")
    assert tree(archive) == before


def test_a_tree_a_little_deep_is_still_read(tmp_path):
    path = written(tmp_path / "repo.car", deep_chain(60))
    code, out, _ = run(path, "--archive", tmp_path / "a")
    assert code == 0 and totals(out)[-1]["added"] == 1


def test_wrong_platform_either_way(tmp_path):
    car, _, _ = write_export("bluesky-basic", tmp_path)
    code, _, err = run(car, "--platform", "instagram", "--archive", tmp_path / "a")
    assert (code, err) == (1, "fel: repo.car: exporten ser ut att komma från bluesky, inte instagram\n")
    code, _, err = run(export("instagram-2022", tmp_path), "--platform", "bluesky", "--archive", tmp_path / "a")
    assert (code, err) == (1, "fel: instagram-2022.zip: exporten ser ut att komma från instagram, inte bluesky\n")
    assert not (tmp_path / "a").exists()


def test_a_car_larger_than_the_cap_is_refused(tmp_path):
    car, _, _ = write_export("bluesky-basic", tmp_path)
    with pytest.raises(ExportError, match=r"^repo\.car: filen är för stor \(0\.0 MB; gränsen är 0\.0 MB\)$"):
        import_exports([car], tmp_path / "a", limits=Limits(document_bytes=1000))
    assert not (tmp_path / "a").exists()


def test_a_link_that_is_not_a_link_is_a_damaged_tree(tmp_path):
    """libipld gives CID links as bytes; a record CID that is a text string is a damaged tree."""
    repo = Repo()
    node = repo.put({"l": None, "e": [{"p": 0, "k": b"app.bsky.feed.post/3lo3x356d222b", "v": "bafy", "t": None}]})
    commit = repo.put({"did": "did:plc:x", "version": 3, "data": Link(node), "rev": "x", "prev": None, "sig": b""})
    path = written(tmp_path / "repo.car", car_bytes(commit, repo.blocks))
    code, _, err = run(path, "--archive", tmp_path / "a")
    assert (code, err) == (1, "fel: repo.car: CAR-filen är skadad eller inte hel (en nyckel i trädet har fel form)"
                              + GARBLED + "\n")
