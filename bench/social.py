"""Generate M archived social posts: the archive folder as the store keeps it, and the exports.

Half are LinkedIn posts (text, sometimes a link; LinkedIn exports hold no media) and half are
Instagram posts with one photo each, so half of all posts have an image. The archive files are
written by hand here, in the format plugins/social_archive/store.py documents and
`load_archive` accepts; the exports follow /work/shared/formats/exports.md (LinkedIn
Shares.csv with its line-break quirk, Instagram 2025 JSON with Meta's mojibake).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from . import words
from .generate import SEED, make_grain, photo_bytes

IG_PHOTO = (1080, 1350)  # Instagram's portrait size
FIRST = datetime(2019, 1, 1, tzinfo=timezone.utc)
ZIP_TIME = (2025, 7, 31, 12, 0, 0)  # fixed, so the same seed gives the same zip bytes
IG_ROOT = "instagram-ekbacka.kommun-2025-07-31-Bench01"
LINKEDIN_ZIP = "Complete_LinkedInDataExport_07-31-2025.zip"
SHARES_HEADER = ("Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility")


@dataclass(frozen=True)
class Social:
    number: int
    platform: str  # linkedin or instagram
    published: datetime  # UTC, whole seconds
    text: str
    shared_url: str
    native_id: str  # LinkedIn's 19-digit share id, or Instagram's media id

    @property
    def post_id(self) -> str:
        # The ids the readers derive: the URN number, or media[0]'s timestamp + media id.
        if self.platform == "linkedin":
            return self.native_id
        return f"{int(self.published.timestamp())}-{self.native_id}"

    @property
    def media_uri(self) -> str:
        return f"media/posts/{self.published:%Y%m}/{self.native_id}.jpg"


def plan_social(count: int, seed: int = SEED) -> list[Social]:
    rng = random.Random(f"social-{seed}-{count}")
    seconds = sorted(rng.sample(range(7 * 365 * 86400), count))
    posts = []
    for number, second in enumerate(seconds):
        published = FIRST + timedelta(seconds=second)
        platform = "instagram" if number % 2 else "linkedin"
        lines = [words.sentence(rng) for _ in range(rng.randint(1, 4))]
        tags = " ".join("#" + "".join(w.capitalize() for w in t.split()) for t in rng.sample(words.TAGS, 2))
        text = "\n\n".join(lines) + "\n\n" + tags
        millis = int(published.timestamp() * 1000)
        native = str(millis << 22 | number) if platform == "linkedin" else str(17_900_000_000_000_000 + number)
        link = f"https://ekbacka.example/nyheter/{number}" if platform == "linkedin" and rng.random() < 0.3 else ""
        posts.append(Social(number, platform, published, text, link, native))
    return posts


def write_social(folder: Path, count: int, seed: int = SEED, size: tuple[int, int] = IG_PHOTO) -> dict[str, Path]:
    """folder/archive (store format) and folder/exports/*.zip; returns where each is."""
    posts = plan_social(count, seed)
    archive, exports = folder / "archive", folder / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    grain = make_grain(seed, size)
    linkedin = [p for p in posts if p.platform == "linkedin"]
    instagram = [p for p in posts if p.platform == "instagram"]
    newest = {name: max((p.published for p in group), default=FIRST) for name, group in
              (("linkedin", linkedin), ("instagram", instagram))}
    ig_zip = exports / f"{IG_ROOT}.zip"
    with zipfile.ZipFile(ig_zip, "w") as ig:
        add(ig, f"{IG_ROOT}/your_instagram_activity/media/posts_1.json", instagram_json(instagram))
        add(ig, f"{IG_ROOT}/personal_information/personal_information/personal_information.json",
            b'{"profile_user": []}')
        for post in instagram:
            data = photo_bytes(post.number, seed, size, grain)
            add(ig, f"{IG_ROOT}/{post.media_uri}", data, zipfile.ZIP_STORED)  # JPEG does not deflate
            write_post(archive, post, data, size, newest["instagram"], "your_instagram_activity/media/posts_1.json")
    with zipfile.ZipFile(exports / LINKEDIN_ZIP, "w") as li:
        add(li, "Shares.csv", shares_csv(linkedin))
        add(li, "Profile.csv", "First Name,Last Name,Headline\nEva,Lindgren,Kommundirektör\n".encode())
    for post in linkedin:
        write_post(archive, post, None, size, newest["linkedin"], "Shares.csv")
    return {"archive": archive, "linkedin": exports / LINKEDIN_ZIP, "instagram": ig_zip}


def add(zf: zipfile.ZipFile, name: str, data: bytes, compress: int = zipfile.ZIP_DEFLATED) -> None:
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.compress_type = compress
    zf.writestr(info, data)


def shares_csv(posts: list[Social]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SHARES_HEADER)
    for post in posts:
        # LinkedIn's quirk (exports.md §1.2): every line break is written as `"` LF `"`.
        text = post.text.replace("\n", '"\n"')
        link = f"https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{post.native_id}"
        writer.writerow((f"{post.published:%Y-%m-%d %H:%M:%S}", link, text, post.shared_url, "", "MEMBER_NETWORK"))
    return out.getvalue().encode("utf-8")


def instagram_json(posts: list[Social]) -> bytes:
    """posts_1.json, 2025 shape: a bare array; Meta writes each UTF-8 byte as its own \\u00XX."""
    def meta(text: str) -> str:
        return text.encode("utf-8").decode("latin-1")

    entries = [
        {"media": [{"uri": post.media_uri, "creation_timestamp": int(post.published.timestamp()), "title": ""}],
         "title": meta(post.text), "creation_timestamp": int(post.published.timestamp()) + 2}
        for post in posts
    ]
    return json.dumps(entries, indent=2).encode("ascii")


def write_post(archive: Path, post: Social, photo: bytes | None, size: tuple[int, int], newest: datetime,
               member: str) -> None:
    """One post file (and its photo) exactly as the store writes them: sorted keys, UTF-8, indented."""
    media = []
    if photo is not None:
        sha = hashlib.sha256(photo).hexdigest()
        path = f"media/{sha[:2]}/{sha}.jpg"
        (archive / path).parent.mkdir(parents=True, exist_ok=True)
        (archive / path).write_bytes(photo)
        media.append({"path": path, "kind": "image", "alt": "", "width": size[0], "height": size[1]})
    # Instagram's date is the post-level timestamp (2 s after the media's, as in real exports).
    published = post.published + timedelta(seconds=2 if post.platform == "instagram" else 0)
    url = (f"https://www.linkedin.com/feed/update/urn:li:share:{post.native_id}"
           if post.platform == "linkedin" else "")
    document = {
        "schema": 1, "id": f"{post.platform}:{post.post_id}", "platform": post.platform,
        "post_id": post.post_id, "kind": "post", "published": iso(published), "text": post.text,
        "url": url, "shared_url": post.shared_url,
        "visibility": "MEMBER_NETWORK" if post.platform == "linkedin" else "",
        "media": media,
        "imports": [{"export_sha256": hashlib.sha256(f"bench-{post.platform}".encode()).hexdigest(),
                     "file": member, "first_seen": iso(newest)}],
        "history": [], "hidden": False, "note": "",
    }
    target = archive / post.platform / f"{published:%Y}" / f"{published:%Y-%m-%d}-{post.post_id}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

