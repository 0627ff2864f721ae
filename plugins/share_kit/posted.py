"""Posted_<network>: where a post went out on a network, written by whoever posted it.

Once the officer has posted, the blog post links the discussion there at once, without waiting
for the next export: the archive links it too after an import, and then its copy of the post
(on this site, kept as a public record) is shown instead of the network's address.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from .facts import FieldError
from .networks import NETWORKS, Network


@dataclass(frozen=True)
class Posted:
    network: str
    label: str
    url: str


def checked_url(network: Network, value: str) -> str:
    """The address as given, if it can be the post's on that network; FieldError naming the field."""
    value = value.strip()
    host = (urlsplit(value).hostname or "").lower()
    on_network = not network.post_hosts or any(host == h or host.endswith("." + h) for h in network.post_hosts)
    if urlsplit(value).scheme != "https" or not host or not on_network:
        where = f" på {' eller '.join(network.post_hosts)}" if network.post_hosts else ""
        raise FieldError(f"{network.posted_field}: ”{value}” är ingen adress till ett inlägg{where}; kopiera "
                         f"adressen till inlägget från {network.label} (den börjar med https://)")
    return value


def posted(metadata: dict, networks) -> list[Posted]:
    """The post's Posted_<network> fields, in the networks' order; FieldError for one that is wrong."""
    found = []
    for name in networks:
        network = NETWORKS[name]
        value = metadata.get(network.posted_field.lower(), "")
        if value.strip():
            found.append(Posted(name, network.label, checked_url(network, value)))
    return found


def not_archived(links: list[Posted], discussions) -> list[Posted]:
    """A network whose archived copy of the post already links here needs no second link."""
    archived = {entry.platform for entry in discussions}
    return [link for link in links if link.network not in archived]
