"""LinkedIn reader: Shares.csv and Shares_<id>.csv, the line-break quirk, dates, ids, odd rows."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from social_archive.export_files import ExportError, open_export
from social_archive.exports import detect, linkedin
from social_archive.model import ArchivedPost, Skipped
from tests.archive_support import export

T1 = 'Besök på Ekbackaskolan i dag. Tack för fikat! ☕️\n\nVi pratade om "trygghet" och arbetsmiljö.\n"Citat på egen rad"\nSlut.'


def read(path):
    with open_export(path) as opened:
        assert detect(opened) == "linkedin"
        items = list(linkedin.read(opened))
    posts = {p.post_id: p for p in items if isinstance(p, ArchivedPost)}
    return posts, [s for s in items if isinstance(s, Skipped)]


@pytest.fixture(scope="module")
def classic(tmp_path_factory):
    return read(export("linkedin-classic", tmp_path_factory.mktemp("li")))


def test_multi_line_text_with_real_quotes_is_exact(classic):
    posts, _ = classic
    post = posts["7174000000000000001"]
    assert post.text == T1
    assert (post.kind, post.visibility) == ("post", "MEMBER_NETWORK")
    assert post.url == "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7174000000000000001"
    assert post.published == datetime(2024, 3, 15, 7, 45, tzinfo=timezone.utc)


def test_swedish_letters_emoji_and_connections_visibility_are_kept(classic):
    post = classic[0]["7158000000000000002"]
    assert post.text == "Å Ä Ö å ä ö – emoji 😀👍🏽 och #ledarskap @Kommunen"
    assert post.visibility == "CONNECTIONS"
    assert post.shared_url == "https://example.se/artikel?a=1&b=2"


def test_date_is_utc_even_late_on_new_years_eve(classic):
    # 23:20 UTC on 31 December is 00:20 on 1 January in Sweden: stored as UTC, never shifted.
    post = classic[0]["7147000000000000007"]
    assert post.published == datetime(2023, 12, 31, 23, 20, tzinfo=timezone.utc)
    assert post.published.utcoffset().total_seconds() == 0


def test_leading_and_trailing_spaces_and_newlines_are_verbatim(classic):
    assert classic[0]["7147000000000000007"].text == "  Gott nytt år!  \n\n"


def test_group_post_and_activity_links_give_the_post_number(classic):
    posts, _ = classic
    assert "7147000000000000007" in posts  # urn:li:groupPost:5096075-7147…
    assert "7162000000000000006" in posts  # /posts/<slug>-activity-7162…-AbCd


def test_repost_without_text_is_a_link_entry(classic):
    post = classic[0]["7161000000000000003"]
    assert (post.kind, post.text) == ("repost", "")
    assert post.shared_url == "https://www.linkedin.com/feed/update/urn:li:activity:7160000000000000999/"


def test_photo_post_without_text_is_kept_and_media_never_fetched(classic):
    posts, skipped = classic
    post = posts["7162000000000000006"]
    assert (post.kind, post.text, post.media) == ("post", "", ())
    note = next(s for s in skipped if "MediaUrl" in s.reason)
    assert note.note and note.file == "Shares.csv" and note.item == "1 inlägg med bild eller video"
    assert (
        note.reason == "bilder och video följer inte med LinkedIn-exporten; länkarna (MediaUrl) hämtas aldrig"
    )


def test_empty_row_and_blank_date_are_skipped_with_reasons(classic):
    posts, skipped = classic
    assert "7161000000000000004" not in posts and "7161000000000000005" not in posts
    rows = {s.item: s.reason for s in skipped if not s.note and s.file == "Shares.csv"}
    assert rows == {
        "rad 9": "tom rad: ingen text, ingen delad länk och ingen bild",
        "rad 10": "Date är tom; ett inlägg utan säkert datum arkiveras inte",
    }


def test_unsafe_shared_link_is_dropped(classic):
    post = classic[0]["7162400000000000008"]
    assert (post.text, post.shared_url) == ("Länk som inte får bli klickbar", "")


def test_markup_lookalikes_stay_plain_text(classic):
    assert classic[0]["7162800000000000009"].text == (
        '#budget\n_x_ *y*\n---\nKey: value\n<script>alert("x")</script> {{ site }} {% raw %}'
    )


def test_neighbouring_files_are_named_but_never_imported(classic):
    posts, skipped = classic
    notes = {s.file: s.reason for s in skipped if s.note and s.item == "hela filen"}
    assert notes == {
        "Comments.csv": "kommentarer på andras inlägg arkiveras inte",
        "InstantReposts.csv": "direktdelningar utan egen text arkiveras inte",
        "messages.csv": "privata meddelanden läses aldrig",
    }
    assert not any("Hemligt" in p.text or "viktigt" in p.text for p in posts.values())
    (article,) = [s for s in skipped if s.file.startswith("Articles/")]
    assert article.reason == 'artikeln saknar publiceringsdatum (<p class="published">); den arkiveras inte'
    assert not article.note
    assert len(posts) == 7


def test_member_id_file_with_bom_crlf_and_no_media_column(tmp_path):
    posts, skipped = read(export("linkedin-member-id", tmp_path))
    assert set(posts) == {"7316000000000000010", "7174000000000000001", "7161000000000000003"}
    assert posts["7316000000000000010"].text == "Ny post från 2026\nrad två"
    assert posts["7174000000000000001"].text == T1 + " (Uppdaterat: rättade ett namn.)"
    assert posts["7316000000000000010"].provenance[0].file == "Shares_123456.csv"
    assert skipped == []


def test_folder_export_reads_like_the_zip(tmp_path):
    zipped, _ = read(export("linkedin-classic", tmp_path / "z"))
    folder, _ = read(export("linkedin-classic", tmp_path / "f", zipped=False))
    strip = lambda posts: {k: (p.text, p.published, p.kind, p.shared_url) for k, p in posts.items()}  # noqa: E731
    assert strip(zipped) == strip(folder)


def test_basic_export_asks_for_the_complete_archive(tmp_path):
    with open_export(export("linkedin-basic", tmp_path)) as opened:
        assert detect(opened) == "linkedin"
        with pytest.raises(ExportError) as error:
            list(linkedin.read(opened))
    assert error.value.file == "linkedin-basic.zip"
    assert "Basic-export" in error.value.problem and "begär det fullständiga arkivet" in error.value.problem


def linkedin_writer(text: str) -> str:
    """What LinkedIn writes: every line break wrapped in quotes, then ordinary CSV quoting."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([text.replace("\n", '"\n"')])
    return out.getvalue()


@settings(database=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r"), max_size=80))
def test_line_break_quirk_is_undone_exactly_for_any_text(text):
    (cell,) = next(csv.reader(io.StringIO(linkedin_writer(text), newline="")))
    assert linkedin.undo_line_break_quirk(cell) == text


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ('A"\n""\n"B', "A\n\nB"),  # the doc's example: a naive reader shows A"⏎""⏎"B
        ('"Hej"\n""Då"', '"Hej\n"Då"'),  # lines that really start and end with quotes
        ('A"\r\n"B', "A\nB"),  # CRLF from a tool that re-saved the file
        ('Rad ett\nrad "två"', 'Rad ett\nrad "två"'),  # no quirk in this value: left alone
    ],
)
def test_line_break_quirk_cases(cell, text):
    assert linkedin.undo_line_break_quirk(cell) == text


@pytest.mark.parametrize(
    ("link", "number"),
    [
        (
            "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7150000000000000001",
            "7150000000000000001",
        ),
        (
            "https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A7150000000000000002/",
            "7150000000000000002",
        ),
        ("https://www.linkedin.com/feed/update/urn:li:activity:7150000000000000003", "7150000000000000003"),
        (
            "https://www.linkedin.com/feed/update/urn%3Ali%3AgroupPost%3A5096075-7152589185084706816",
            "7152589185084706816",
        ),
        ("https://www.linkedin.com/posts/anna-b-activity-7150000000000000004-AbCd", "7150000000000000004"),
        ("https://www.linkedin.com/in/anna", None),
    ],
)
def test_share_id_forms(link, number):
    assert linkedin.share_id(link) == number


@pytest.mark.parametrize(
    ("value", "utc"),
    [
        (
            "2024-03-31 00:59:59",
            datetime(2024, 3, 31, 0, 59, 59, tzinfo=timezone.utc),
        ),  # Swedish clocks go forward at 01:00 UTC
        ("2024-03-31 01:00:00", datetime(2024, 3, 31, 1, 0, tzinfo=timezone.utc)),
        (
            "2024-10-27 00:30:00",
            datetime(2024, 10, 27, 0, 30, tzinfo=timezone.utc),
        ),  # the hour that happens twice in Sweden
        ("2024-10-27 01:30:00", datetime(2024, 10, 27, 1, 30, tzinfo=timezone.utc)),
        ("2024-12-31 23:59:59", datetime(2024, 12, 31, 23, 59, 59, tzinfo=timezone.utc)),
        (" 2024-02-29 12:00:00 ", datetime(2024, 2, 29, 12, tzinfo=timezone.utc)),
        ("2023-02-29 12:00:00", None),
        ("15 Feb 2023", None),
        ("", None),
    ],
)
def test_dates_are_utc_whatever_the_swedish_clock_does(value, utc):
    assert linkedin.parse_date(value) == utc
