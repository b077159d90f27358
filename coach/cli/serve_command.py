"""``coach serve``: the app in a web browser (through textual-serve), so a phone or tablet
on the floor can show the countdown.

Each browser that opens the page gets its own ``coach`` process, started with this
command's ``--library``, ``--config-dir`` and ``--data-dir`` and this environment, so it
reads the same library and settings and keeps the same history as ``coach`` in a terminal.
Only 127.0.0.1 is served unless ``--host`` says otherwise; any other host is warned about
first, since whoever reaches the port can use the app and read the history. On a loopback
host the server answers only to loopback names, and a browser's websocket only when it
comes from the page itself: another web site open in the same browser cannot drive the app.

textual-serve (and aiohttp under it) is imported only inside :func:`cmd_serve`; the rest
of the command line never loads it.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import ipaddress
import os
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

from coach.cli.common import (
    EXIT_OK,
    AddCommand,
    CommandError,
    library_for,
    locations_for,
    settings_for,
    warn,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# The names a browser on this machine may call a loopback server by (see _host_allowed).
LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost"})


def add_parsers(add_command: AddCommand) -> None:
    """The ``serve`` sub-command."""
    p = add_command("serve", "show the app in a web browser, for a phone or tablet nearby")
    p.add_argument("--host", default=DEFAULT_HOST, metavar="HOST",
                   help=f"address to listen on (default {DEFAULT_HOST}, this machine only; "
                        "0.0.0.0 lets others on the network in)")
    p.add_argument("--port", default=DEFAULT_PORT, type=_port, metavar="PORT",
                   help=f"port to listen on (default {DEFAULT_PORT})")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port (a number from 1 to 65535)")
    return port


# --- what is served, and where ------------------------------------------------------------

def served_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser: this Python's ``coach`` with
    this command's location options, as absolute paths (the shell line is quoted)."""
    argv = [sys.executable, "-m", "coach"]
    for flag, value in (("--library", args.library), ("--config-dir", args.config_dir),
                        ("--data-dir", args.data_dir)):
        if value is not None:
            argv += [flag, str(Path(value).absolute())]
    # `exec`: the shell becomes the app, so ending the process textual-serve holds (an app
    # that will not quit is killed) ends the app itself.
    return ("exec " if os.name == "posix" else "") + shlex.join(argv)


def addresses(host: str, port: int) -> list[tuple[Any, ...]]:
    """What ``host`` names, as ``getaddrinfo`` gives it; a :class:`CommandError` when it
    names nothing."""
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or "not a host name or address"
        raise CommandError(f"cannot serve on host '{host}': {reason}") from None


def check_listening(found: list[tuple[Any, ...]], host: str, port: int) -> None:
    """Bind each address once and let go, as the server will (address reuse on, as
    aiohttp has it), so a port in use is reported before the address is announced."""
    for family, kind, proto, _, address in found:
        try:
            with socket.socket(family, kind, proto) as probe:
                if sys.platform != "win32":
                    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind(address)
        except OSError as exc:
            raise CommandError(_bind_problem(exc, host, port)) from None


def is_loopback(address: str) -> bool:
    """Whether ``address`` (an IP, perhaps with an IPv6 zone) is this machine alone."""
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    """``host`` as it goes in a URL (an IPv6 address in brackets)."""
    return f"[{host}]" if ":" in host else host


def _outward_address() -> str | None:
    """This machine's address towards the network, as a phone would reach it; None when
    there is none. Connecting a UDP socket sends nothing: it only picks the route."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never a real host
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    return None if is_loopback(address) or address == "0.0.0.0" else address


def _host_allowed(host_header: str, loopback: bool) -> bool:
    """Whether a request naming ``host_header`` (the HTTP Host) may be answered. On a
    loopback server only loopback names pass: a web page whose own name was made to point
    at 127.0.0.1 (DNS rebinding) is refused."""
    if not loopback:
        return True
    name = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
    name = name.strip("[]").lower()
    return name in LOOPBACK_NAMES or is_loopback(name)


def _same_origin(origin: str | None, host_header: str) -> bool:
    """Whether a websocket's Origin (sent by every browser) is the page's own: a page on
    another site may open a websocket anywhere, and this one would drive the app. A client
    that is not a browser sends no Origin, and could not be stopped by one anyway."""
    if origin is None:
        return True
    from urllib.parse import urlsplit

    return urlsplit(origin).netloc.lower() == host_header.lower()


# --- serving ------------------------------------------------------------------------------

def _say_where(host: str, port: int, loopback: bool) -> None:
    shown = f"http://{url_host(host)}:{port}/"
    if host in {"0.0.0.0", "::"}:
        outward = _outward_address()
        shown = (f"http://{outward}:{port}/ (or this machine's address on your network)"
                 if outward else f"port {port} of this machine's address on your network")
    print(f"coach: serving the app on {shown}", flush=True)
    if loopback:
        print("coach: only this machine can open it (see --host)", flush=True)
    print("coach: press Ctrl+C to stop", flush=True)


def _make_server(command: str, host: str, port: int, loopback: bool) -> Any:
    """A textual-serve server for ``command`` that says where it is in coach's words, logs
    only problems, and guards its page and websocket (see the module's docstring)."""
    import asyncio
    import logging
    import signal

    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    open_sockets: set[web.WebSocketResponse] = set()

    class CoachServer(Server):
        def initialize_logging(self) -> None:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("coach serve: %(message)s"))
            log = logging.getLogger("textual-serve")
            log.addHandler(handler)
            log.setLevel(logging.WARNING)
            log.propagate = False

        async def on_startup(self, app: web.Application) -> None:
            pass  # no textual-serve banner: coach says where it is once it listens

        def serve(self, debug: bool = False) -> None:
            # textual-serve's serve, but announcing the address only once the port listens
            # (aiohttp's run_app calls `print` then), so a client may connect at once.
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
                loop.add_signal_handler(signal.SIGINT, self.request_exit)
                loop.add_signal_handler(signal.SIGTERM, self.request_exit)
            web.run_app(self._make_app(), host=host, port=port, handle_signals=False,
                        loop=loop, print=lambda *_: _say_where(host, port, loopback))

        def _refuse(self, request: web.Request) -> None:
            if not _host_allowed(request.host, loopback):
                raise web.HTTPForbidden(text="coach serves this machine's own browsers only\n")

        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request: web.Request) -> dict[str, Any]:
            self._refuse(request)
            # The page's links use the address the browser asked for, so a phone that
            # reached this machine at 192.168.1.5 opens its websocket there too.
            base = f"{request.scheme}://{request.host}"
            ws = "wss" if request.scheme == "https" else "ws"
            static = request.app.router["static"].url_for(filename="/")
            return {
                "font_size": _font_size(request.query.get("fontsize")),
                "app_websocket_url": f"{ws}://{request.host}"
                                     f"{request.app.router['websocket'].url_for()}",
                "config": {"static": {"url": f"{base}{static}".rstrip("/") + "/"}},
                "application": {"name": "coach"},
            }

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            # textual-serve's own, with the page's checks, a bounded terminal size, and
            # each app's process awaited, so that Ctrl+C leaves no process and no
            # complaint from asyncio about a closed loop behind.
            self._refuse(request)
            if not _same_origin(request.headers.get("Origin"), request.host):
                raise web.HTTPForbidden(text="a page from another site may not use coach\n")
            websocket = web.WebSocketResponse(heartbeat=15)
            await websocket.prepare(request)

            async def close() -> None:
                await websocket.close()

            service = AppService(self.command, write_bytes=websocket.send_bytes,
                                 write_str=websocket.send_str, close=close,
                                 download_manager=self.download_manager, debug=self.debug)
            open_sockets.add(websocket)
            try:
                await service.start(_cells(request.query.get("width"), 80, 1000),
                                    _cells(request.query.get("height"), 24, 500))
                await self._process_messages(websocket, service)
            finally:
                open_sockets.discard(websocket)
                await service.stop()
                await _ended(service._process)  # textual-serve keeps no public handle
            return websocket

        async def on_shutdown(self, app: web.Application) -> None:
            # Closing each browser's socket ends its handler, which ends its app.
            for websocket in list(open_sockets):
                await websocket.close()

    return CoachServer(command, host=host, port=port, title="coach")


async def _ended(process: Any) -> None:
    """Wait for an app's process to end; after 10 s of not ending, kill it."""
    import asyncio

    if process is None:
        return
    try:
        await asyncio.wait_for(process.wait(), 10)
    except TimeoutError:
        process.kill()
        await process.wait()


def _cells(text: str | None, default: int, most: int) -> int:
    """A terminal size the page asked for, within 1..``most`` cells: a client asking for
    a billion columns would make the app draw them."""
    try:
        return max(1, min(int(text or default), most))
    except ValueError:
        return default


def _font_size(text: str | None) -> int:
    """The page's font size in pixels (``?fontsize=``), within reason."""
    try:
        return max(6, min(int(text or "16"), 64))
    except ValueError:
        return 16


def _bind_problem(exc: OSError, host: str, port: int) -> str:
    """What a failure to listen means, in one line."""
    if exc.errno == errno.EADDRINUSE:
        return (f"port {port} is already in use on {host} (another `coach serve`?); "
                "choose another with --port")
    if exc.errno in {errno.EACCES, errno.EPERM}:
        return f"not allowed to listen on port {port} (ports below 1024 need privileges)"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot serve on host '{host}': it is not an address of this machine"
    return f"cannot serve on {host} port {port}: {exc.strerror or exc}"


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the app until Ctrl+C (or SIGTERM); the exit status."""
    host: str = args.host
    port: int = args.port
    found = addresses(host, port)
    loopback = all(is_loopback(str(info[4][0])) for info in found)
    # What the app starts from is checked here, where its problems can be read.
    locations = locations_for(args)
    library_for(args, locations)
    settings_for(locations)
    check_listening(found, host, port)
    if not loopback:
        warn(f"serving on {host}, which other machines can reach: anyone who can reach "
             f"port {port} can use the app and read your session history, with no password")
    server = _make_server(served_command(args), host, port, loopback)
    try:
        _serve_quietly(server)
    except OSError as exc:
        raise CommandError(_bind_problem(exc, host, port)) from None
    return EXIT_OK


def _serve_quietly(server: Any) -> None:
    """Run ``server`` until Ctrl+C or SIGTERM, which end it without a word."""
    with contextlib.suppress(KeyboardInterrupt):
        server.serve()
