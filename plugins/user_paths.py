"""How a file is named in a message to the user: relative to the project, drafts marked.

The project is the folder that holds the content folder (PATH), so a post is shown as
content/posts/x.md wherever the project was cloned. Shared by every plugin that reports a
problem in a file and by build_report, which shortens the absolute paths in Pelican's messages.
"""

from __future__ import annotations

import os
from pathlib import Path

DRAFT_MARK = "(utkast)"  # after the file name: the problem concerns a post not yet published


def project_folder(settings) -> Path:
    return Path(os.path.abspath(settings["PATH"])).parent


def project_path(path, settings) -> str:
    """path relative to the project, with forward slashes; unchanged if outside the project.
    A symbolic link is named as itself, not by where it points: that is the file the user sees."""
    path = Path(os.path.abspath(path))
    folder = project_folder(settings)
    if not path.is_relative_to(folder):
        return str(path)
    return Path(os.path.relpath(path, folder)).as_posix()


def is_draft(item) -> bool:
    return item.metadata.get("status") == "draft"


def shown_file(item, settings) -> str:
    """'content/posts/x.md', or 'content/posts/x.md (utkast)' for a post with Status: draft."""
    name = project_path(item.source_path, settings)
    return f"{name} {DRAFT_MARK}" if is_draft(item) else name
