"""What real exports ship (exports.md §1.5, §2.6; exports-more.md §6): every variation a fixture
made here at test time, never a copy of a real export."""

from __future__ import annotations

from pathlib import Path

from social_archive.export_files import open_export
from social_archive.exports import detect, linkedin
from social_archive.model import ArchivedPost, Skipped
from tests.archive_support import make_zip

LINK = "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{}"


def read_linkedin(path: Path) -> tuple[dict[str, ArchivedPost], list[Skipped]]:
    with open_export(path) as opened:
        assert detect(opened) == "linkedin"
        items = list(linkedin.read(opened))
    return {p.post_id: p for p in items if isinstance(p, ArchivedPost)}, [
        s for s in items if isinstance(s, Skipped)
    ]


def shares_2021() -> bytes:
    """A 2021–early-2024 Shares.csv: `SharedURL`, `MediaURL`, CRLF, also inside quoted values."""
    rows = [
        "Date,ShareLink,ShareCommentary,SharedURL,MediaURL,Visibility",
        f'2021-05-04 09:00:00,{LINK.format(6795000000000000001)},"Läs rapporten""\r\n""om skolan",'
        "https://example.se/rapport,,MEMBER_NETWORK",
        f"2021-05-05 10:00:00,{LINK.format(6795000000000000002)},,https://example.se/bara-lank,,MEMBER_NETWORK",
        f"2021-05-06 11:00:00,{LINK.format(6795000000000000003)},,,https://media.licdn.com/x.jpg,MEMBER_NETWORK",
    ]
    return ("\r\n".join(rows) + "\r\n").encode()


def test_link_columns_are_found_whatever_their_case(tmp_path):
    posts, skipped = read_linkedin(make_zip(tmp_path / "li.zip", [("Shares.csv", shares_2021())]))
    assert set(posts) == {"6795000000000000001", "6795000000000000002", "6795000000000000003"}
    first = posts["6795000000000000001"]
    assert (first.text, first.shared_url) == ("Läs rapporten\nom skolan", "https://example.se/rapport")
    link_only = posts["6795000000000000002"]
    assert (link_only.kind, link_only.text, link_only.shared_url) == (
        "repost", "", "https://example.se/bara-lank"
    )
    assert [s.item for s in skipped if s.note] == ["1 inlägg med bild eller video"]
    assert not [s for s in skipped if not s.note]


def test_header_names_with_spaces_and_any_case_match(tmp_path):
    data = (
        "date,Share Link,share_commentary,SHARED URL,Media Url,visibility\n"
        f"2024-06-01 08:00:00,{LINK.format(7200000000000000001)},Hej,https://example.se/a,,CONNECTIONS\n"
    ).encode()
    posts, _ = read_linkedin(make_zip(tmp_path / "li.zip", [("Shares.csv", data)]))
    post = posts["7200000000000000001"]
    assert (post.text, post.shared_url, post.visibility) == ("Hej", "https://example.se/a", "CONNECTIONS")
