"""Lay out the benchmark's work folder: generated input, and one project folder per build line.

    WORK/photos/            K generated photos (3000×2000 JPEG)
    WORK/social/            the archive in store format, and the LinkedIn + Instagram exports
    WORK/sites/bare/        bare Pelican, N posts        WORK/sites/bare10/   … 10N posts
    WORK/sites/hugo/        Hugo, N posts                WORK/sites/hugo10/   … 10N posts
    WORK/sites/cold/        ours, caches deleted before every build
    WORK/sites/warm/        ours, content cache on: one post edited, then nothing changed
    WORK/sites/cold10/      ours at 10N posts, cold
    WORK/sites/photo/       ours with the photos referenced (Image: and inline)
    WORK/sites/archive/     ours, N posts without photos plus the M archived posts (content/archive/)
    WORK/sites/preview/     ours with the preview settings (pelicanconf.py), for the latency figure

Separate folders keep each line's caches to itself: our plugins keep theirs beside the content.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .generate import Post, plan_posts, write_content, write_hugo, write_photos
from .social import write_social


@dataclass(frozen=True)
class Sites:
    work: Path
    posts: list[Post]
    photos: list[Path]
    social: dict[str, Path]
    big: int  # 10N

    def site(self, name: str) -> Path:
        return self.work / "sites" / name


def prepare(work: Path, posts: int, photos: int, archive: int, seed: int, say=print) -> Sites:
    planned = plan_posts(posts, photos, seed)
    big = plan_posts(posts * 10, photos, seed)
    say(f"generating {photos} photos, {posts} + {posts * 10} posts and {archive} archived posts in {work}")
    photo_files = write_photos(work / "photos", photos, seed)
    social = write_social(work / "social", archive, seed)
    sites = Sites(work, planned, photo_files, social, len(big))
    for name, plan in (("bare", planned), ("bare10", big)):
        write_content(sites.site(name) / "content", plan, with_images=False)
        settings.bare(sites.site(name))
    for name, plan in (("hugo", planned), ("hugo10", big)):
        write_hugo(sites.site(name), plan)
    for name, plan, cache in (("cold", planned, False), ("warm", planned, True), ("cold10", big, False)):
        write_content(sites.site(name) / "content", plan, with_images=False)
        settings.ours(sites.site(name), cache=cache)
    write_content(sites.site("photo") / "content", planned, with_images=True, photos=photo_files)
    settings.ours(sites.site("photo"))
    write_content(sites.site("archive") / "content", planned, with_images=False)
    # Hard links: the archive's photos are read, never written, by the build.
    shutil.copytree(social["archive"], sites.site("archive") / "content" / "archive", copy_function=os.link)
    settings.ours(sites.site("archive"))
    write_content(sites.site("preview") / "content", planned, with_images=False)
    settings.ours(sites.site("preview"), preview=True, search=True)
    return sites
