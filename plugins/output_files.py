"""Putting a file that already exists (a cached photo copy, a share image, an archived video)
into the output without copying its bytes.

A build of a leader's ten-year site places thousands of such files, and copying them was a
large part of a warm build. A hard link costs no bytes; where one cannot be made (another file
system, a file system without links) the file is copied. Nothing writes into an output file
after it is placed, so the cache or the archive cannot be changed through the link.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def place(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        if os.path.samefile(source, target):
            return
        target.unlink()  # an older file of the same name (the preview keeps its output)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
