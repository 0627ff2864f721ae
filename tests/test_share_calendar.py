"""The posting calendar from fixed inputs: whole weeks as a grid, free slots, one warning per
clash, drafts apart and never counted, the rhythm, the terminal text."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from share_kit.calendar import BLOG, Planned, calendar_view, text_lines

TZ = ZoneInfo("Europe/Stockholm")
LABELS = {BLOG: "Blogg", "linkedin": "LinkedIn", "instagram": "Instagram", "x": "X"}
NETWORKS = ["linkedin", "instagram", "x"]
TODAY = date(2026, 11, 25)  # a Wednesday in week 48


def item(day, hour, network, title, status="planerad", minute=0, asked=None):
    return Planned(datetime(2026, 11, day, hour, minute, tzinfo=TZ), network, LABELS[network], title,
                   title.lower(), "post", status, f"content/posts/{title.lower()}.md", asked)


def post(day, hour, title, networks=(BLOG, *NETWORKS), status="planerad"):
    return [item(day, hour, network, title, status) for network in networks]


def view_of(items, days=14, rhythm=0, today=TODAY):
    return calendar_view(items, today, days, rhythm, NETWORKS, LABELS)


def test_whole_weeks_from_this_monday_a_row_per_post_and_day_a_column_per_network():
    view = view_of(post(23, 9, "Förra", status="publicerad") + post(26, 9, "Nästa") + post(10, 9, "Gammal"))
    assert [(w.number, w.caption) for w in view.weeks] == [
        (48, "Vecka 48: 23–29 november"), (49, "Vecka 49: 30 november–6 december"),
        (50, "Vecka 50: 7–13 december")], "14 days from Wednesday 25 November end on Tuesday 8 December's week"
    assert [d.heading for d in view.weeks[0].days][:3] == ["mån 23 nov.", "tis 24 nov.", "ons 25 nov."]
    assert view.columns == ((BLOG, "Blogg"), ("linkedin", "LinkedIn"), ("instagram", "Instagram"), ("x", "X"))
    monday, thursday = view.weeks[0].days[0], view.weeks[0].days[3]
    assert [r.post.title for r in monday.rows] == ["Förra"], "this week's published posts are in the grid"
    assert [f"{c.item.when:%H:%M}" for c in thursday.rows[0].cells] == ["09:00"] * 4
    assert all(not d.rows for w in view.weeks for d in w.days if d.day not in (monday.day, thursday.day))
    assert "Gammal" not in str(view)


def test_free_slots_are_the_columns_with_nothing_that_day():
    view = view_of(post(26, 9, "A", networks=(BLOG, "linkedin")) + [item(26, 16, "x", "B")])
    rows = view.weeks[0].days[3].rows
    assert [r.post.title for r in rows] == ["A", "B"]
    assert [(c.item is not None, c.free) for c in rows[0].cells] == [(True, False), (True, False), (False, True),
                                                                     (False, False)]
    assert [(c.item is not None, c.free) for c in rows[1].cells][3] == (True, False)


def test_one_warning_per_clash_naming_every_network_it_is_on():
    items = (post(26, 9, "A") + post(26, 16, "B", networks=(BLOG, "linkedin", "x"))
             + [item(27, 9, "instagram", "C"), item(27, 12, "instagram", "D"), item(27, 9, "x", "C")])
    view = view_of(items)
    assert view.warnings == (
        "2026-11-26: ”A” och ”B” delas samma dag på LinkedIn och X. Flytta ett av dem till en annan dag, "
        "till exempel med Share_date_linkedin och Share_date_x i content/posts/b.md.",
        "2026-11-27: ”C” och ”D” delas samma dag på Instagram. Flytta ett av dem till en annan dag, "
        "till exempel med Share_date_instagram i content/posts/d.md.")
    thursday = view.weeks[0].days[3]
    assert [[c.clash for c in r.cells] for r in thursday.rows] == [[False, True, False, True], [False, True, False, True]]


def test_two_posts_on_the_blog_alone_and_a_clash_already_past_give_no_warning():
    items = post(26, 9, "A", networks=(BLOG,)) + post(26, 16, "B", networks=(BLOG,)) + [
        item(24, 9, "x", "C", "publicerad"), item(24, 12, "x", "D", "publicerad")]
    view = view_of(items)
    assert view.warnings == ()
    assert [c.clash for r in view.weeks[0].days[1].rows for c in r.cells] == [False, False, False, True] * 2


def test_drafts_are_listed_apart_never_planned_and_never_counted():
    items = post(25, 8, "Utkastet", status="utkast") + post(26, 9, "A") + post(24, 9, "Gammalt utkast", status="utkast")
    view = view_of(items, rhythm=1)
    assert [d.title for d in view.drafts] == ["Gammalt utkast", "Utkastet"]
    assert [d.network for d in view.drafts] == [BLOG, BLOG], "one entry per draft, not one per network"
    assert all(r.post.status != "utkast" for w in view.weeks for d in w.days for r in d.rows)
    assert [t.count for t in view.weeks[0].totals] == [1, 1, 1, 1]
    assert not [w for w in view.warnings if "Vecka 48" in w]


def test_the_rhythm_counts_whole_weeks_and_asks_for_more_only_where_the_plan_should_reach():
    items = post(23, 9, "A", status="publicerad") + post(25, 9, "B") + post(27, 9, "C", networks=(BLOG, "linkedin"))
    items += [item(30, 9, "linkedin", "D"), item(30, 12, "linkedin", "E"), item(30, 15, "linkedin", "F"),
              item(30, 18, "linkedin", "G")]
    view = view_of(items, days=7, rhythm=3)
    assert [(t.shown, t.note) for t in view.weeks[0].totals] == [
        ("3", ""), ("3 av 3", ""), ("2 av 3", "för få"), ("2 av 3", "för få")]
    assert [(t.shown, t.note) for t in view.weeks[1].totals] == [
        ("0", ""), ("4 av 3", "för många"), ("0 av 3", ""), ("0 av 3", "")], "too few only in a week planned by now"
    assert [w for w in view.warnings if w.startswith("Vecka")] == [
        "Vecka 48: 2 inlägg på Instagram och X, rytmen är 3 i veckan. Planera fler eller färre med Date eller "
        "Share_date_<nätverk> i inläggen, eller ändra \"rhythm\" i SHARE_KIT i pelicanconf.py.",
        "Vecka 49: 4 inlägg på LinkedIn, rytmen är 3 i veckan. Planera fler eller färre med Date eller "
        "Share_date_<nätverk> i inläggen, eller ändra \"rhythm\" i SHARE_KIT i pelicanconf.py."]


def test_a_moved_share_time_is_marked_and_warned_about_until_it_is_published():
    asked = datetime(2026, 11, 26, 6, 0, tzinfo=TZ)
    view = view_of([item(26, 7, BLOG, "A"), item(26, 7, "linkedin", "A", asked=asked),
                    item(24, 7, "x", "B", "publicerad", asked=datetime(2026, 11, 24, 6, 0, tzinfo=TZ))])
    assert view.weeks[0].days[3].rows[0].cells[1].item.asked == asked
    assert view.warnings == (
        "content/posts/a.md: Share_date_linkedin 2026-11-26 06:00 är före 07:00, då inlägget finns på webbplatsen, "
        "så LinkedIn står 07:00 i kalendern. Sätt Share_date_linkedin till 2026-11-26 07:00 eller senare, eller Date "
        "tidigare.",)


def test_the_terminal_text_skips_empty_days_runs_free_days_together_and_lists_drafts():
    items = (post(23, 9, "Förra", status="publicerad") + post(25, 9, "A", networks=(BLOG, "linkedin", "x"))
             + post(25, 14, "B", networks=(BLOG, "x")) + [item(27, 8, "instagram", "A")]
             + post(25, 8, "Utkastet", status="utkast"))
    lines = text_lines(view_of(items, days=7, rhythm=0))
    assert lines[:11] == [
        "Kalender 2026-11-23 – 2026-12-06, i dag ons 25 nov.",
        "",
        "Vecka 48: 23–29 november",
        "  mån 23 nov.: Förra (publicerad)",
        "      Blogg, LinkedIn, Instagram och X 09:00",
        "  tis 24 nov.: ledigt",
        "  ons 25 nov. (i dag): A",
        "      Blogg och LinkedIn 09:00 · X 09:00 (krock)",
        "  ons 25 nov. (i dag): B",
        "      Blogg 14:00 · X 14:00 (krock)",
        "      ledigt: Instagram",
    ]
    assert lines[11:15] == ["  tors 26 nov.: ledigt", "  fre 27 nov.: A", "      Instagram 08:00",
                            "      ledigt: Blogg, LinkedIn och X"]
    assert lines[15:18] == ["  lör 28 nov.–sön 29 nov.: ledigt", "  I veckan: Blogg 3 · LinkedIn 2 · Instagram 2 · X 3",
                            ""]
    assert "  mån 30 nov.–sön 6 dec.: ledigt" in lines
    assert "  mån 23 nov.–tis 24 nov.: ledigt" in text_lines(view_of(post(27, 9, "A"), days=7))
    assert "  ons 25 nov. (i dag): ledigt" in text_lines(view_of(post(27, 9, "A"), days=7)), "today has its own line"
    assert lines[lines.index("Utkast (ingen dag i kalendern, räknas inte i rytmen):") + 1] == (
        "  Utkastet (content/posts/utkastet.md)")
    warnings = lines[lines.index("Varningar:") + 1:]
    assert warnings == ["  ! 2026-11-25: ”A” och ”B” delas samma dag på X. Flytta ett av dem till en annan dag, till "
                        "exempel med Share_date_x i content/posts/b.md."]
