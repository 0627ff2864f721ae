"""The preview and the public build are apart: `invoke serve` writes output/, `invoke publish`
writes public/ and only as a whole site, so public/ can be deployed by hand at any time."""

from __future__ import annotations

import hashlib
import shutil
import urllib.request

import pytest

from tests.conftest import free_port
from tests.project_copy import copy_project, invoke, invoke_in_background, wait_for_line

DRAFT = "Hemligt utkast"  # a draft in the sample content
FUTURE = "Planerat framtidsinlägg"  # a post dated 2099


def tree_digest(folder) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def private_traces(folder) -> list[str]:
    """Files that carry a draft, a planned post or a preview address."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".txt", ".js"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            for trace in (DRAFT, FUTURE, "localhost", "/utkast/"):
                if trace in text:
                    found.append(f"{path.relative_to(folder)}: {trace}")
    return found


@pytest.fixture
def project(tmp_path, sample_content):
    # In a folder with a space and a non-ASCII letter, like a Windows user's: the tasks pass paths
    # as arguments, never through a shell.
    project = copy_project(tmp_path / "Anna Bergström" / "blogg")
    shutil.rmtree(project / "content")
    shutil.copytree(sample_content, project / "content")
    return project


def test_publish_writes_public_only_and_a_failed_publish_keeps_the_last_good_site(project):
    good = invoke(project, "publish")
    assert good.returncode == 0, good.stdout + good.stderr
    assert (project / "public" / "index.html").is_file()
    assert not (project / "output").exists() and not (project / "share-kit").exists()
    assert private_traces(project / "public") == []
    before = tree_digest(project / "public")

    broken = project / "content" / "posts" / "2025-09-01-trasig.md"
    broken.write_text("Title: Trasig\nDate: 2025-09-01 08:00\nAuthor: Okänd Person\n\nText.\n", encoding="utf-8")
    failed = invoke(project, "publish")
    assert failed.returncode != 0
    assert "public/ är orörd" in failed.stdout + failed.stderr
    assert "Traceback" not in failed.stdout + failed.stderr
    assert tree_digest(project / "public") == before, "a failed build left the last good site as it was"


def test_a_running_preview_never_writes_the_public_site(project):
    assert invoke(project, "publish").returncode == 0
    public = tree_digest(project / "public")
    port = free_port()
    preview = invoke_in_background(project, "serve", "--port", str(port))
    try:
        wait_for_line(preview, "Förhandsvisning:")
        page = urllib.request.urlopen(f"http://localhost:{port}/utkast/hemligt-utkast/", timeout=10).read()
        assert DRAFT in page.decode("utf-8"), "the preview shows drafts"
        # A publish that fails while the preview runs, then a save the preview rebuilds for.
        broken = project / "content" / "posts" / "2025-09-01-trasig.md"
        broken.write_text("Title: Trasig\nDate: 2025-09-01 08:00\nAuthor: Okänd Person\n\nText.\n", encoding="utf-8")
        assert invoke(project, "publish").returncode != 0
        wait_for_line(preview, "Byggt om", naming=broken.name)
        post = project / "content" / "posts" / "2025-01-10-forsta-besoket.md"
        post.write_text(post.read_text(encoding="utf-8") + "\nEtt tillägg under förhandsvisningen.\n", encoding="utf-8")
        wait_for_line(preview, "Byggt om", naming=post.name)
        assert "Ett tillägg under förhandsvisningen." in urllib.request.urlopen(
            f"http://localhost:{port}/2025/forsta-besoket-pa-aldreboendet/", timeout=10).read().decode("utf-8")
    finally:
        preview.terminate()
        preview.wait(timeout=30)
    assert tree_digest(project / "public") == public, "the preview wrote into public/"
    assert private_traces(project / "public") == []
    assert (project / "output" / "utkast").is_dir(), "drafts are in the preview's own folder"
