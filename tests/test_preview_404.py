"""The preview (`invoke serve`) answers an unknown address with the site's own 404 page, as the public host does."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from tests.test_live_preview import preview  # noqa: F401  (the real `invoke serve` server, as a fixture)


def fetch_missing(url: str) -> urllib.error.HTTPError:
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(url, timeout=10)
    return error.value


def heading(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


@pytest.mark.parametrize("address", ["/finns-inte/", "/2025/ett-inlagg-som-inte-finns/", "/delningskit/finns-inte.html"])
def test_an_unknown_address_gets_the_sites_own_404_page_with_status_404(preview, address):  # noqa: F811
    own = (preview.root / "output" / "404.html").read_text(encoding="utf-8")
    answer = fetch_missing(preview.url + address)
    body = answer.read().decode("utf-8")
    assert answer.code == 404
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "404: Not Found" not in body
    assert heading(body) == heading(own)
    assert 'class="search-form"' in body  # the page itself, not only its heading
    assert "livereload.js" in body  # and it reloads with the rest when the site is rebuilt


def test_a_page_that_exists_is_still_served_with_status_200(preview):  # noqa: F811
    with urllib.request.urlopen(preview.url + "/", timeout=10) as response:
        assert response.status == 200
