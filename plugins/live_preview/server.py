"""`invoke serve`: the preview on localhost, rebuilt in this process and reloaded in the browser.

livereload serves output/ and the private share kit (at /delningskit/, straight from its own
folder, so nothing private is ever copied into output/) and tells open pages to reload.
watchfiles reports saves at once (inotify) instead of livereload's 0.8 s polling. A saved post's
page is written and reloaded first; the browser reloads again when the whole site is rebuilt
(every file is replaced whole, output_files.py, so a reload in between never reads half a page). A
save during a build stops it once its saved pages are written, and the next build starts at once.
A change to the settings or to plugin code restarts the process, since Pelican has imported them.
"""

from __future__ import annotations

import errno
import logging
import os
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from watchfiles import watch

from .builder import PreviewBuilder


class PortBusy(Exception):
    """Another program (often a preview already running) listens on the port; the message says what to do."""

    def __init__(self, port: int):
        super().__init__(f"porten {port} används redan, kanske av en förhandsvisning som redan är igång; stäng den "
                         f"eller välj en annan port: invoke serve --port {port + 1}")


def _check_port(port: int) -> None:
    """Raise PortBusy before the first build, not after it. The server binds with SO_REUSEADDR too, so
    a port left in TIME_WAIT by the last preview is free for both."""
    for family, kind, proto, _, address in socket.getaddrinfo("localhost", port, type=socket.SOCK_STREAM):
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    raise PortBusy(port) from None
                # An address family this machine cannot bind (no IPv6) is the server's to skip.


class _PushedReloads(Watcher):
    """No polling: the build thread pushes each reload itself."""

    def start(self, callback) -> bool:
        return True


class _OwnNotFoundPage(StaticFileHandler):
    """An unknown address gets the site's own 404 page (output/404.html) with status 404, as on the
    public host, instead of tornado's bare "404: Not Found"."""

    def initialize(self, path: str, default_filename: str | None = None, not_found: Path | None = None):
        super().initialize(path, default_filename)
        self.not_found = not_found

    def write_error(self, status_code: int, **kwargs) -> None:
        if status_code == 404 and self.not_found and self.not_found.is_file():
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.write(self.not_found.read_bytes())  # the reload script is added like on every page
        else:
            super().write_error(status_code, **kwargs)


class _PreviewServer(Server):
    def __init__(self, kit: Path, not_found: Path):
        super().__init__(watcher=_PushedReloads())
        self.kit = kit
        self.not_found = not_found
        self.SFH = _OwnNotFoundPage

    def _setup_logging(self):
        # livereload would log every reload and request twice (its own handler, then Pelican's);
        # the terminal shows our own lines, and livereload's and tornado's warnings once.
        for name in ("livereload", "tornado"):
            logging.getLogger(name).setLevel(logging.WARNING)

    def get_web_handlers(self, script):
        kit = {"path": str(self.kit), "default_filename": "index.html", "not_found": self.not_found}
        site = {"path": self.root, "default_filename": self.default_filename, "not_found": self.not_found}
        return [(r"/delningskit/(.*)", self.SFH, kit), (r"/(.*)", self.SFH, site)]


class _Saves:
    """Paths saved since the last build started, handed from the watching thread to the building one."""

    def __init__(self):
        self._paths: list[str] = []
        self._ready = threading.Condition()

    def add(self, paths: list[str]) -> None:
        with self._ready:
            self._paths.extend(p for p in paths if p not in self._paths)
            self._ready.notify()

    def take(self) -> list[str]:
        with self._ready:
            self._ready.wait_for(lambda: self._paths)
            paths, self._paths = self._paths, []
            return paths


def _inside(path: str, folders: list[Path]) -> bool:
    return any(Path(path).resolve().is_relative_to(folder.resolve()) for folder in folders)


def serve(settings: dict, kit: Path, port: int, rebuild_on: list[Path], restart_on: list[Path],
          say: Callable[[str], None] = print) -> None:
    """Serve until stopped. A save under `rebuild_on` (content, theme) rebuilds; one under
    `restart_on` (plugins, settings files: Pelican has imported them) restarts the process.
    Raises PortBusy when the port is taken."""
    _check_port(port)
    loop = IOLoop.current()  # the loop livereload's serve() runs; reloads are handed to it

    def reload(path: str = "*") -> None:
        loop.add_callback(LiveReloadHandler.reload_waiters, path)

    builder = PreviewBuilder(settings, on_page=lambda url: reload("/" + url))
    say(f"Byggt på {builder.build().seconds:.1f} s.")
    saves = _Saves()

    def watch_saves() -> None:
        for changes in watch(*rebuild_on, *restart_on, step=20, debounce=400):
            paths = [path for _, path in changes]
            if any(_inside(path, restart_on) for path in paths):
                say("Inställningar eller plugins ändrades: startar om förhandsvisningen.")
                os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])  # as started, -m included
            saves.add(paths)
            builder.newer_save.set()

    def rebuild_on_save() -> None:
        while True:
            paths = saves.take()
            builder.newer_save.clear()
            result = builder.build(paths)
            names = ", ".join(Path(p).name for p in paths[:3])
            if result.finished:
                reload()
                say(f"Byggt om på {result.seconds:.2f} s ({names}).")
            else:
                say(f"Sidan för {names} är skriven; resten byggs om efter den nya ändringen.")

    threading.Thread(target=watch_saves, name="watch-saves", daemon=True).start()
    threading.Thread(target=rebuild_on_save, name="rebuild-on-save", daemon=True).start()
    server = _PreviewServer(kit, not_found=Path(settings["OUTPUT_PATH"]) / "404.html")
    # Said from the loop, so only once the server listens.
    loop.add_callback(say, f"Förhandsvisning: http://localhost:{port}/ · "
                           f"delningspaket och kalender: http://localhost:{port}/delningskit/")
    try:
        server.serve(host="localhost", port=port, root=settings["OUTPUT_PATH"], open_url_delay=None)
    except OSError as error:  # taken between the check and now
        if error.errno == errno.EADDRINUSE:
            raise PortBusy(port) from None
        raise
