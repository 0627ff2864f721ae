"""The contracts between the plugins (plugins/contracts.py): pelicanconf.py's PLUGINS keeps every
stated order, a PLUGINS list that breaks one stops the build with one Swedish line, an order the
module says is free gives the same site, and no plugin spells a contract's key itself."""

from __future__ import annotations

import re

import pytest
from pelican.settings import read_settings

import pelicanconf
from contracts import (FEED_SOURCES, NEEDS, ORDER, PAGE_FEED, PLANNED_FEEDS, RESPONSIVE_IMAGES, SITE_CARD,
                       SOCIAL_ARCHIVE, THEME_NEEDS, ImageRegistry, SocialArchive, plugin_problems)
from responsive_images.responsive_images import Registry
from social_archive.site import Archive
from tests.golden import SITE
from tests.sample_site import PUBLISH_SETTINGS
from tests.sitebuild import ROOT, build

PLUGINS = list(pelicanconf.PLUGINS)
CONTRACT_KEYS = (RESPONSIVE_IMAGES, FEED_SOURCES, PLANNED_FEEDS, PAGE_FEED, SOCIAL_ARCHIVE, SITE_CARD)


def test_pelicanconf_plugins_keep_every_stated_order_and_need():
    for rule in ORDER:
        assert PLUGINS.index(rule.first) < PLUGINS.index(rule.then), rule
    for need in NEEDS:
        assert need.plugin in PLUGINS and need.needed in PLUGINS, need
    assert set(THEME_NEEDS) <= set(PLUGINS)
    assert plugin_problems(PLUGINS) == []


def swapped(plugins: list[str], a: str, b: str) -> list[str]:
    order = list(plugins)
    i, j = order.index(a), order.index(b)
    order[i], order[j] = order[j], order[i]
    return order


def after(plugins: list[str], moved: str, anchor: str) -> list[str]:
    order = [p for p in plugins if p != moved]
    order.insert(order.index(anchor) + 1, moved)
    return order


@pytest.mark.parametrize("rule", ORDER, ids=lambda r: f"{r.first}-before-{r.then}")
def test_each_broken_order_is_named_once_with_the_fix(rule):
    problems = plugin_problems(after(PLUGINS, rule.first, rule.then))
    # Moved past `then`, `first` may pass other plugins it must precede too: each is named once.
    assert (f"{rule.first} måste stå före {rule.then} ({rule.otherwise}); flytta \"{rule.first}\" före "
            f"\"{rule.then}\"") in problems
    assert len(problems) == len(set(problems)) and all(p.startswith(f"{rule.first} måste stå före") for p in problems)


@pytest.mark.parametrize("name", sorted({n.needed for n in NEEDS} | set(THEME_NEEDS)))
def test_a_missing_plugin_is_named_once_with_every_reason(name):
    [problem] = plugin_problems([p for p in PLUGINS if p != name])
    assert problem.startswith(f"{name} saknas (") and problem.endswith(f"); lägg till \"{name}\"")
    for need in NEEDS:
        if need.needed == name:
            assert need.otherwise in problem


WRONG = {
    # responsive_images would rewrite the bodies before content_checks reads them.
    "photos before checks": (swapped(PLUGINS, "content_checks", "responsive_images"),
                             "content_checks måste stå före responsive_images"),
    # build_report would write the preview's warnings before search and share_kit have given theirs.
    "report first": (["build_report", *(p for p in PLUGINS if p != "build_report")],
                     "search måste stå före build_report (annars syns inte sökningens varningar i förhandsvisningen); "
                     "flytta \"search\" före \"build_report\"; share_kit måste stå före build_report"),
    # The archive would publish no photo, and the theme could not draw a page.
    "no photos": ([p for p in PLUGINS if p != "responsive_images"], "responsive_images saknas (social_archive behöver"),
}


@pytest.mark.parametrize("fatal", [True, False], ids=["publish", "preview"])
@pytest.mark.parametrize("case", sorted(WRONG))
def test_a_plugins_list_that_breaks_a_contract_stops_the_build_with_one_swedish_line(tmp_path, case, fatal):
    plugins, expected = WRONG[case]
    result = build(SITE / "settings.py", tmp_path / "out", fatal=fatal,
                   extra={"PLUGINS": "[" + ", ".join(f'"{p}"' for p in plugins) + "]"})
    assert result.returncode != 0, result.log
    [line] = result.warnings
    assert "STOPP" in line and "Inställningar: PLUGINS i pelicanconf.py: " in line and expected in line, result.log
    assert "Traceback" not in result.log and not (tmp_path / "out" / "index.html").exists(), "nothing half built"


def test_an_order_the_contracts_leave_free_gives_the_same_site(tmp_path, sample_content):
    """social_archive before responsive_images and feeds: Pelican's own sequence already has
    every generator gather (the archive's photos and feed entries) before either uses them."""
    moved = ["parallel_build", "blog", "content_checks", "social_archive", "responsive_images", "public_files", "search",
             "feeds", "share_kit", "sitemap", "build_report"]
    assert sorted(moved) == sorted(PLUGINS) and moved.index("social_archive") < moved.index("responsive_images")
    outputs = []
    for name, plugins in (("usual", PLUGINS), ("moved", moved)):
        result = build(PUBLISH_SETTINGS, tmp_path / name, content=sample_content, siteurl="http://127.0.0.1:9",
                       extra={"SEARCH": '{"enabled": false}', "PLUGINS": "[" + ", ".join(f'"{p}"' for p in plugins) + "]"})
        assert result.returncode == 0 and result.warnings == [], result.log
        outputs.append({p.relative_to(result.output).as_posix(): p.read_bytes()
                        for p in sorted(result.output.rglob("*")) if p.is_file()})
    usual, moved_site = outputs
    assert any(name.startswith("arkiv/inlagg/") for name in usual) and any("images/v/" in name for name in usual)
    assert sorted(usual) == sorted(moved_site)
    assert [name for name in usual if usual[name] != moved_site[name]] == []


def test_no_plugin_spells_a_contracts_key_itself():
    keys = "|".join(map(re.escape, CONTRACT_KEYS))
    spelled = re.compile(rf"""(?:context|ctx)\s*(?:\.(?:get|setdefault|pop)\s*\(|\[)\s*["'](?:{keys})["']""")
    found = [f"{path.relative_to(ROOT)}: {match[0]}" for path in sorted((ROOT / "plugins").rglob("*.py"))
             if path.name != "contracts.py" for match in spelled.finditer(path.read_text(encoding="utf-8"))]
    assert found == []
    # The check can see a spelled key: the archive's code before contracts.py.
    assert spelled.search('self.context.setdefault("feed_sources", {})["archive"]')


def test_what_the_plugins_put_in_the_context_has_the_contracts_shape(tmp_path):
    settings = read_settings(str(SITE / "settings.py"), override={"OUTPUT_PATH": str(tmp_path)})
    assert isinstance(Registry(settings), ImageRegistry)
    assert isinstance(Archive(), SocialArchive)
    assert not isinstance(object(), ImageRegistry)

