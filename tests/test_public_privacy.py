"""Nothing private in the public build: every published byte is free of place and camera metadata,
nothing of a draft or a planned post is published, and no stray file from content/ is copied.

Photos tagged the way a phone and a photo desk tag them (EXIF GPS, make, model, serial and lens,
XMP, IPTC place, a JPEG comment) are made here with Pillow, put into a copy of the golden
content everywhere a photo can be used, and the site is built with the golden (publishing)
settings. Then every file of the output is read with Pillow and with exiftool.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import struct
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageCms, UnidentifiedImageError
from PIL.ExifTags import IFD
from PIL.PngImagePlugin import PngInfo

from responsive_images import variants
from social_archive.model import ArchivedPost, Media, Provenance, StoredPost
from social_archive.store import post_path, to_json
from tests.archive_support import box, tiny_mp4
from tests.golden import SITE
from tests.sample_site import PREVIEW_SETTINGS as SAMPLE_PREVIEW  # the preview settings, the fixture owner
from tests.sitebuild import build

SITEURL = "https://golden.example"
XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
       b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
       b'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" '
       b'exif:GPSLatitude="59,19.8N" exif:GPSLongitude="18,4.2E" tiff:Make="Kamera AB" tiff:Model="K-100"/>'
       b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
# exiftool tag names that tell where a photo was taken or with what; any tag of a group listed
# in PRIVATE_GROUPS; any tag whose name starts with GPS (EXIF, XMP, QuickTime, Composite).
PRIVATE_TAGS = {"Make", "Model", "SerialNumber", "BodySerialNumber", "InternalSerialNumber",
                "CameraSerialNumber", "LensModel", "LensMake", "LensSerialNumber", "OwnerName",
                "Comment", "UserComment", "City", "Sub-location", "Province-State", "Country-PrimaryLocationName"}
PRIVATE_GROUPS = ("XMP", "IPTC", "Photoshop", "MakerNotes")
# Pillow's info keys for metadata blocks.
PRIVATE_INFO = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc")


def exiftool(*args) -> list[dict]:
    if shutil.which("exiftool") is None:
        pytest.fail("exiftool is missing: install Debian's libimage-exiftool-perl (.ci/run does)")
    done = subprocess.run(["exiftool", "-j", "-G", "-q", "-q", *map(str, args)],
                          capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr  # 1: some file had nothing to report
    return json.loads(done.stdout or "[]")


# exiftool reads any XML document (a feed, the sitemap, an SVG) as XMP and lists its elements as
# XMP tags; there the group says nothing, but the tag names still do.
XML_TYPES = {"XML", "SVG"}


def private_tags(record: dict) -> list[str]:
    found = []
    xml = record.get("File:FileType") in XML_TYPES
    for key in record:
        group, _, name = key.partition(":")
        if (group.startswith(PRIVATE_GROUPS) and not xml) or name.startswith("GPS") or name in PRIVATE_TAGS:
            found.append(key)
    return found


def pillow_findings(path: Path) -> list[str]:
    try:
        image = Image.open(path)
    except UnidentifiedImageError:
        return []  # not an image: exiftool still reads it
    with image:
        found = [key for key in PRIVATE_INFO if key in image.info]
        exif = image.getexif()
        if exif.get_ifd(IFD.GPSInfo):
            found.append("GPS IFD")
        found += [f"EXIF tag {tag:#06x}" for tag in exif]
    return found


# --- photos tagged like a phone's, and a press photo's ------------------------------------------

def tagged_exif(image: Image.Image) -> Image.Exif:
    exif = image.getexif()
    exif[0x010F] = "Kamera AB"  # Make
    exif[0x0110] = "K-100"  # Model
    exif.get_ifd(IFD.Exif).update({0xA431: "SN-4711", 0xA434: "Objektiv 35 mm"})  # serial, lens
    exif.get_ifd(IFD.GPSInfo).update({1: "N", 2: (59.0, 19.0, 48.0), 3: "E", 4: (18.0, 4.0, 12.0)})
    return exif


def with_iptc(jpeg: bytes) -> bytes:
    """The JPEG with an APP13 Photoshop segment holding IPTC city and country, as photo desks write."""
    records = b"".join(b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(value)) + value
                       for number, value in ((90, b"Ekby"), (101, b"Sverige")))
    records += b"\x00" * (len(records) % 2)
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(records)) + records
    body = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(body) + 2) + body + jpeg[2:]


def tagged_photo(path: Path, fmt: str = "JPEG", size=(1200, 800), colour=(180, 90, 40)) -> Path:
    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", exif=tagged_exif(image), xmp=XMP, comment=b"Tagen hos familjen Svensson, Storgatan 5",
                   icc_profile=SRGB, quality=90)
        data = with_iptc(out.getvalue())
    elif fmt == "PNG":
        info = PngInfo()
        info.add_itxt("XML:com.adobe.xmp", XMP.decode())
        image.save(out, "PNG", exif=tagged_exif(image), pnginfo=info)
        data = out.getvalue()
    else:
        image.save(out, "WEBP", exif=tagged_exif(image), xmp=XMP, quality=90)
        data = out.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def user_data(kind: bytes, text: str) -> bytes:
    value = text.encode()
    return box(kind, struct.pack(">HH", len(value), 0x15C7) + value)


def tagged_mp4() -> bytes:
    """A phone video's shape: moov/udta with the place (©xyz) and the camera (©mak, ©mod)."""
    plain = tiny_mp4(payload=b"filmad")
    moov = plain.index(b"moov") - 4
    udta = box(b"udta", user_data(b"\xa9xyz", "+59.3293+018.0686/") + user_data(b"\xa9mak", "Kamera AB")
               + user_data(b"\xa9mod", "K-100"))
    return plain[:moov] + box(b"moov", plain[moov + 8:] + udta)


# --- the fixture site -------------------------------------------------------------------------

HEADER = "Title: {title}\nDate: {date}\nCategory: Besök\nSummary: {title}.\n"
POSTS = {
    "posts/2025-05-01-fotografier.md": HEADER.format(title="Fotografier från besöket", date="2025-05-01 09:00")
    + "Image: images/huvudbild.jpg\nImage_alt: Ett orange fält.\nConsent: yes\n\n"
    + "Text före bilden.\n\n![Ett orange fält i texten]({static}/images/i-texten.png)\n\n"
    + "Bilden i full storlek: [ladda ner]({static}/images/nedladdning.webp), "
    + "[bredvid]({attach}../images/nedladdning.webp). [En film]({static}/filer/film.mp4).\n",
    "posts/2025-06-01-utkast-med-foto.md": HEADER.format(title="Utkast med foto", date="2025-06-01 09:00")
    + "Status: draft\nImage: images/utkast.jpg\nImage_alt: Ett utkastfoto.\n\n"
    + "![Utkastets bild]({static}/images/utkast-i-texten.jpg) [budgeten]({static}/images/utkast-budget.pdf)\n",
    "posts/2099-06-01-planerat-med-foto.md": HEADER.format(title="Planerat med foto", date="2099-06-01 09:00")
    + "Image: images/planerat.jpg\nImage_alt: Ett planerat foto.\n\n"
    + "![Den planerade bilden]({static}/images/planerat-i-texten.jpg)\n",
}
PUBLISHED_PHOTOS = {"images/huvudbild.jpg": "JPEG", "images/i-texten.png": "PNG",
                    "images/nedladdning.webp": "WEBP", "images/portratt.jpg": "JPEG"}
UNPUBLISHED_PHOTOS = ["images/utkast.jpg", "images/utkast-i-texten.jpg", "images/planerat.jpg",
                      "images/planerat-i-texten.jpg", "images/oanvand.jpg"]


def settings_file(root: Path) -> Path:
    """The golden settings, with a portrait for every author and a share-card cache of its own."""
    path = root / "settings.py"
    path.write_text(
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(SITE / 'settings.py')!r}).items() if k.isupper()}})\n"
        'AUTHORS = {name: dict(info, image="images/portratt.jpg") for name, info in AUTHORS.items()}\n'
        f"SHARE_KIT = dict(SHARE_KIT, cache={str(root / 'share-cache')!r})\n",
        encoding="utf-8",
    )
    return path


def archived(content: Path, post_id: str, media: list[tuple[str, bytes, str]]) -> None:
    """An Instagram post in content/archive with the given (kind, bytes, extension) media files."""
    stored_media = []
    for kind, data, extension in media:
        sha = hashlib.sha256(data).hexdigest()
        rel = f"media/{sha[:2]}/{sha}.{extension}"
        (content / "archive" / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / "archive" / rel).write_bytes(data)
        stored_media.append(Media(kind, path=rel, alt="Ett orange fält i arkivet.", width=640, height=360))
    post = ArchivedPost("instagram", post_id, "post", datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc),
                        "Ett arkiverat inlägg med foto.", media=tuple(stored_media),
                        provenance=(Provenance("a" * 64, "content/posts_1.json", "2024-05-01T08:00:00Z"),))
    path = content / "archive" / post_path(post)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_json(StoredPost(post)))


def fixture_content(root: Path) -> Path:
    content = root / "content"
    shutil.copytree(SITE / "content", content)
    for rel, text in POSTS.items():
        (content / rel).write_text(text, encoding="utf-8")
    for rel, fmt in PUBLISHED_PHOTOS.items():
        tagged_photo(content / rel, fmt)
    for rel in UNPUBLISHED_PHOTOS:
        tagged_photo(content / rel, colour=(20, 120, 200))
    (content / "filer").mkdir()
    (content / "filer/film.mp4").write_bytes(tiny_mp4(payload=b"en ren film"))
    (content / "images/utkast-budget.pdf").write_bytes(b"%PDF-1.4\n% hemlig budget\n")
    (content / "images/LICENSE.md").write_text("# Bilder\n\nFria att använda.\n", encoding="utf-8")
    archive_photo = tagged_photo(root / "arkivfoto.jpg", size=(1080, 1080)).read_bytes()
    archived(content, "1714550400-1", [("image", archive_photo, "jpg"), ("video", tiny_mp4(), "mp4")])
    return content


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    root = tmp_path_factory.mktemp("privacy")
    content = fixture_content(root)
    # Every file that must never be published as it is (videos are, once checked).
    originals = sorted(p for p in content.rglob("*") if p.is_file() and p.suffix not in (".md", ".json", ".mp4"))
    result = build(settings_file(root), root / "out", content=content, fatal=True)
    assert result.returncode == 0, result.log
    return root / "out", content, originals


def test_the_originals_really_carry_place_and_camera(tmp_path):
    """Without this, a clean output could mean a fixture that never had anything to strip."""
    content = fixture_content(tmp_path)
    photos = [*PUBLISHED_PHOTOS, *UNPUBLISHED_PHOTOS]
    for record in exiftool(*(content / rel for rel in photos)):
        tags = set(private_tags(record))
        assert {"EXIF:GPSLatitude", "EXIF:Make", "EXIF:Model", "EXIF:SerialNumber", "EXIF:LensModel"} <= tags, record
        assert any(t.startswith("XMP") for t in tags), record
        if record["SourceFile"].endswith(".jpg"):
            assert {"IPTC:City", "File:Comment"} <= tags, record
    for rel in photos:
        assert "GPS IFD" in pillow_findings(content / rel)
    video = tmp_path / "film.mp4"
    video.write_bytes(tagged_mp4())
    assert {"QuickTime:GPSCoordinates", "QuickTime:Make", "QuickTime:Model"} <= set(private_tags(exiftool(video)[0]))


def test_no_published_file_carries_place_or_camera_metadata(public):
    out, _, _ = public
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert any(p.suffix == ".webp" for p in files) and any(p.suffix == ".mp4" for p in files)
    pillow = {str(p.relative_to(out)): found for p in files if (found := pillow_findings(p))}
    assert not pillow, pillow
    records = exiftool("-r", "-ext", "*", out)
    assert len(records) == len(files)
    found = {r["SourceFile"]: tags for r in records if (tags := private_tags(r))}
    assert not found, found


def test_only_processed_copies_and_share_cards_are_published(public):
    out, content, originals = public
    hashes = {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in originals}
    for path in (p for p in out.rglob("*") if p.is_file()):
        assert hashlib.sha256(path.read_bytes()).hexdigest() not in hashes, f"{path} is a copy of an original"
        assert path.name != "LICENSE.md" and path.suffix != ".pdf", path
    images = {p.relative_to(out / "images").parts[0] for p in (out / "images").rglob("*") if p.is_file()}
    assert images == {"v", "share"}
    assert {p.suffix for p in (out / "arkiv").rglob("media/*/*")} == {".mp4"}, "archive photos only as copies"


def test_nothing_of_a_draft_or_a_planned_post_is_published(public):
    out, _, _ = public
    stems = {Path(rel).stem for rel in UNPUBLISHED_PHOTOS}
    copies = {p.name.rsplit("-", 2)[0] for p in (out / "images/v").iterdir()}
    assert not copies & stems, copies & stems
    assert {Path(rel).stem for rel in PUBLISHED_PHOTOS} <= copies
    for path in out.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "Utkast med foto" not in text and "Planerat med foto" not in text, path


def test_the_copies_keep_the_colour_profile(public):
    out, _, _ = public
    with Image.open(next((out / "images/v").glob("huvudbild-*.jpg"))) as copy:
        assert copy.info.get("icc_profile") == SRGB


def page(out: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((out / rel).read_text(encoding="utf-8"), "html.parser")


def local_file(out: Path, url: str) -> Path:
    assert url.startswith(SITEURL + "/"), url
    return out / urlsplit(url).path.lstrip("/")


def test_every_photo_on_every_page_resolves_to_a_published_file(public):
    out, _, _ = public
    checked = 0
    for path in out.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        urls = [img["src"] for img in soup.find_all("img", src=True)]
        urls += [v["src"] for v in soup.find_all("video", src=True)]
        urls += [c.split()[0] for tag in soup.find_all(["img", "source"], srcset=True)
                 for c in tag["srcset"].split(",")]
        urls += [m["content"] for m in soup.find_all("meta", property="og:image")]
        for url in urls:
            assert local_file(out, url).is_file(), f"{path.relative_to(out)}: {url}"
            checked += 1
    assert checked > 50


def test_each_kind_of_photo_is_shown_as_copies(public):
    out, _, _ = public
    post = page(out, "2025/fotografier-fran-besoket/index.html")
    shown = [img["src"] for img in post.select("picture img")]
    assert any("/images/v/huvudbild-" in src for src in shown), "Image: is the hero"
    assert any("/images/v/i-texten-" in src for src in shown), "a photo in the body"
    download = post.find("a", string="ladda ner")["href"]
    assert "/images/v/nedladdning-" in download and download.endswith(".jpg")
    assert post.find("a", string="bredvid")["href"] == download, "{attach} too"
    with Image.open(local_file(out, download)) as largest:
        assert largest.size == (1200, 800), "the link leads to the largest copy"
    portraits = [img["src"] for author in (out / "forfattare").glob("*/index.html")
                 for img in page(out, author.relative_to(out)).select(".author-portrait img")]
    assert portraits and all("/images/v/portratt-" in src for src in portraits)
    archive_post = page(out, next((out / "arkiv/inlagg").glob("*/index.html")).relative_to(out))
    assert "/images/v/" in archive_post.select_one(".archive-media img")["src"]
    assert archive_post.select_one(".archive-media video")["src"].endswith(".mp4")
    media = json.loads((out / "arkiv/posts.json").read_text(encoding="utf-8"))["posts"][0]["media"]
    assert [m["kind"] for m in media] == ["image", "video"]
    assert all(local_file(out, m["path"]).is_file() for m in media)
    assert "/images/v/" in media[0]["path"]
    film = post.find("a", string="En film")["href"]
    assert film == f"{SITEURL}/filer/film.mp4" and local_file(out, film).is_file()


# --- untrusted content: a clear Swedish warning naming the file, never a traceback -----------

def test_untrusted_files_are_refused_with_a_warning_naming_them(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITE / "content", content)
    secret = tagged_photo(tmp_path / "utanfor" / "hemlig.jpg")
    (tmp_path / "utanfor" / "anteckning.txt").write_text("hemligt", encoding="utf-8")
    (content / "images/lank.jpg").symlink_to(secret)
    (content / "images/lank.txt").symlink_to(tmp_path / "utanfor" / "anteckning.txt")
    (content / "images/ingen-bild.jpg").write_text("<html>ingen bild</html>", encoding="utf-8")
    Image.new("P", (4, 4)).save(content / "images/animation.gif", comment=b"Storgatan 5")
    (content / "filer").mkdir()
    (content / "filer/filmad.mp4").write_bytes(tagged_mp4())
    (content / "posts/2025-05-02-lankar.md").write_text(
        HEADER.format(title="Länkar", date="2025-05-02 09:00")
        + "Image: images/lank.jpg\nImage_alt: En länkad bild.\n\n"
        + "![Ingen bild]({static}/images/ingen-bild.jpg) [anteckning]({static}/images/lank.txt)\n"
        + "[gif]({static}/images/animation.gif) [film]({static}/filer/filmad.mp4)\n",
        encoding="utf-8")
    archived(content, "1714550400-2", [("video", tagged_mp4(), "mp4")])
    video = next((content / "archive/media").rglob("*.mp4")).relative_to(content).as_posix()
    result = build(SITE / "settings.py", tmp_path / "out", content=content, fatal=False)
    assert result.returncode == 0, result.log
    assert "Traceback" not in result.log
    warnings = "\n".join(result.warnings)
    assert "content/images/lank.jpg: är en symbolisk länk och används inte" in warnings
    assert "content/images/lank.txt: är en symbolisk länk och används inte" in warnings
    assert "content/images/ingen-bild.jpg: är ingen bild som går att läsa" in warnings
    assert f"content/{video} (i content/archive/instagram/2024/" in warnings and "platsuppgifter (GPS)" in warnings
    assert "kamerans modell" in warnings
    assert "content/images/animation.gif: är en bild i ett format (.gif)" in warnings
    assert "content/filer/filmad.mp4: innehåller platsuppgifter (GPS)" in warnings
    published = [p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert secret.read_bytes() not in published and b"hemligt" not in published
    assert not list((tmp_path / "out").rglob("*.mp4")) and not list((tmp_path / "out").rglob("*.gif"))
    assert not list((tmp_path / "out" / "images" / "v").glob("lank-*"))

    stopped = build(SITE / "settings.py", tmp_path / "stopped", content=content, fatal=True)
    assert stopped.returncode != 0 and "Traceback" not in stopped.log, stopped.log


def test_the_preview_shows_a_drafts_photos_from_copies(tmp_path):
    """The preview writes drafts under /utkast/; their photos must work there, from copies too."""
    content = fixture_content(tmp_path)
    out = tmp_path / "preview"
    result = build(SAMPLE_PREVIEW, out, content=content, fatal=False,
                   extra={"SITEURL": json.dumps(SITEURL), "CACHE_CONTENT": "false", "LOAD_CONTENT_CACHE": "false",
                          "SHARE_KIT": json.dumps({"folder": str(tmp_path / "kit"), "cache": str(tmp_path / "cards")}),
                          "SEARCH": json.dumps({"enabled": False})})
    assert result.returncode == 0, result.log
    draft = page(out, "utkast/utkast-med-foto/index.html")
    sources = [img["src"] for img in draft.select("picture img")]
    assert any("/images/v/utkast-" in s for s in sources) and any("/images/v/utkast-i-texten-" in s for s in sources)
    assert all(local_file(out, s).is_file() for s in sources)
    assert not list(out.rglob("LICENSE.md")) and not list((out / "images").glob("*.jpg"))


def test_a_bogus_colour_profile_is_dropped_and_a_real_one_kept(tmp_path):
    image = Image.new("RGB", (600, 400), (10, 20, 30))
    image.save(tmp_path / "riktig.jpg", "JPEG", icc_profile=SRGB)
    image.save(tmp_path / "falsk.jpg", "JPEG", icc_profile=b"Kamera AB K-100 SN-4711" * 4)
    for name, expected in (("riktig", SRGB), ("falsk", None)):
        made = variants.make(tmp_path / f"{name}.jpg", name * 4, name, (480,), 72, tmp_path / "cache")
        for variant in made.variants:
            with Image.open(tmp_path / "cache" / variant.file) as copy:
                assert copy.info.get("icc_profile") == expected, variant.file
