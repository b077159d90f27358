"""``coach serve``: the app in a browser through textual-serve.

A real ``coach serve`` runs as a child process (tests/serve_helpers.py): its page is fetched
over HTTP and its websocket spoken to as textual.js does, and the picker it sends must name
the routines. The refusals (a port in use, a host that is not one, a foreign web page) and
the warning for a host others can reach are checked as a person meets them: a message, an
exit status, never a traceback. The browser itself is in tests/test_serve_browser.py.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import shlex
import signal
import socket
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from serve_helpers import free_port, sandbox, screen_text, serving

from coach import cli
from coach.cli import serve_command

pytestmark = pytest.mark.serve


async def _picker_text(url: str, want: list[str], within: float = 30.0) -> str:
    """Open the app's websocket as the page does and collect what it draws until every
    name in ``want`` shows (or ``within`` seconds pass)."""
    import aiohttp

    received = b""
    async with aiohttp.ClientSession() as session, \
            session.ws_connect(f"{url}ws?width=100&height=30") as ws:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            try:
                message = await ws.receive(timeout=1)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                received += message.data
            elif message.type != aiohttp.WSMsgType.TEXT:
                break
            text = screen_text(received)
            if all(name in text for name in want):
                return text
    return screen_text(received)


def test_serves_the_page_and_the_picker_over_the_websocket(tmp_path):
    with serving(tmp_path) as served:
        assert served.stdout[0] == f"coach: serving the app on {served.url}\n"
        with urllib.request.urlopen(served.url, timeout=10) as response:
            page = response.read().decode()
        assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws"' in page
        assert "textual.js" in page
        text = asyncio.run(_picker_text(served.url, ["Floor routine", "Second routine"]))
    # The served app read the library given to `coach serve`, not the shipped one.
    assert "Floor routine" in text and "Second routine" in text
    assert "Feet-first five" not in text
    assert served.process.returncode == 0  # Ctrl+C ends it, quietly
    assert served.stderr == ""


def test_a_loopback_server_refuses_other_host_names_and_foreign_pages(tmp_path):
    with serving(tmp_path) as served:
        rebound = urllib.request.Request(served.url, headers={"Host": f"evil.test:{served.port}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(rebound, timeout=10)
        assert refused.value.code == 403
        foreign = urllib.request.Request(f"{served.url}ws", headers={
            "Origin": "http://evil.test", "Connection": "Upgrade", "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        })
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(foreign, timeout=10)
        assert refused.value.code == 403
        with urllib.request.urlopen(f"http://localhost:{served.port}/", timeout=10) as ok:
            assert ok.status == 200


def test_a_port_in_use_is_a_clear_refusal(tmp_path, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = cli.main(["serve", "--port", str(port), *sandbox(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err == (f"coach: port {port} is already in use on 127.0.0.1 (another `coach "
                   "serve`?); choose another with --port\n")


@pytest.mark.parametrize("host", ["no-such-host.invalid", "300.1.2.3"])
def test_a_host_that_is_not_one_is_a_clear_refusal(tmp_path, capsys, host):
    code = cli.main(["serve", "--host", host, "--port", str(free_port()), *sandbox(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.startswith(f"coach: cannot serve on host '{host}': ")
    assert err.count("\n") == 1


def test_an_address_of_another_machine_is_a_clear_refusal(tmp_path, capsys):
    # TEST-NET-1 is never an address of this machine.
    code = cli.main(["serve", "--host", "192.0.2.7", "--port", "8000", *sandbox(tmp_path)])
    _, err = capsys.readouterr()
    assert code == 1
    assert err.endswith("coach: cannot serve on host '192.0.2.7': it is not an address of "
                        "this machine\n")


@pytest.mark.parametrize("port", ["0", "65536", "eighty"])
def test_a_port_out_of_range_is_a_usage_error(capsys, port):
    with pytest.raises(SystemExit) as exc:
        cli.main(["serve", "--port", port])
    _, err = capsys.readouterr()
    assert exc.value.code == 2
    assert f"argument --port: '{port}' is not a port (a number from 1 to 65535)" in err


def _serve_without_listening(monkeypatch) -> list:
    """Replace the server's run with a record of it: the command's checks and words run,
    nothing listens."""
    servers: list = []
    monkeypatch.setattr(serve_command, "_serve_quietly", servers.append)
    return servers


def test_a_host_others_can_reach_is_warned_about_first(tmp_path, capsys, monkeypatch):
    servers = _serve_without_listening(monkeypatch)
    code = cli.main(["serve", "--host", "0.0.0.0", "--port", str(free_port()),
                     *sandbox(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 0 and len(servers) == 1 and out == ""
    assert "serving on 0.0.0.0, which other machines can reach" in err
    assert "anyone who can reach port" in err and "read your session history" in err


def test_loopback_is_the_default_and_is_not_warned_about(tmp_path, capsys, monkeypatch):
    servers = _serve_without_listening(monkeypatch)
    code = cli.main(["serve", *sandbox(tmp_path)])
    _, err = capsys.readouterr()
    assert code == 0 and err == ""
    (server,) = servers
    assert (server.host, server.port) == ("127.0.0.1", 8000)


def test_the_served_command_is_this_coach_with_the_same_places(tmp_path, monkeypatch):
    servers = _serve_without_listening(monkeypatch)
    monkeypatch.chdir(tmp_path)
    options = sandbox(tmp_path)
    relative = [Path(o).relative_to(tmp_path).as_posix() if o.startswith(str(tmp_path))
                else o for o in options]
    assert cli.main(["serve", *relative]) == 0
    argv = shlex.split(servers[0].command)
    assert argv == ["exec", sys.executable, "-m", "coach", *options]


def test_a_library_with_problems_is_reported_before_serving(tmp_path, capsys, monkeypatch):
    servers = _serve_without_listening(monkeypatch)
    options = sandbox(tmp_path, library="[[exercises]]\nid = 3\n")
    code = cli.main(["serve", *options])
    _, err = capsys.readouterr()
    assert code == 1 and servers == []
    assert "library.toml:" in err and "nothing was started" in err


def test_served_command_quotes_what_the_shell_would_split():
    args = argparse.Namespace(library=Path("/tmp/my lib;rm -rf ~.toml"), config_dir=None,
                              data_dir=None)
    argv = shlex.split(serve_command.served_command(args))
    assert argv[-2:] == ["--library", "/tmp/my lib;rm -rf ~.toml"]


@pytest.mark.parametrize(("host_header", "loopback", "allowed"), [
    ("127.0.0.1:8000", True, True),
    ("localhost:8000", True, True),
    ("[::1]:8000", True, True),
    ("127.0.0.1", True, True),
    ("evil.test:8000", True, False),
    ("192.168.1.5:8000", True, False),
    ("evil.test:8000", False, True),
])
def test_which_host_names_a_server_answers(host_header, loopback, allowed):
    assert serve_command._host_allowed(host_header, loopback) is allowed


@pytest.mark.parametrize(("origin", "host_header", "same"), [
    (None, "127.0.0.1:8000", True),
    ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
    ("http://127.0.0.1:8001", "127.0.0.1:8000", False),
    ("https://evil.test", "127.0.0.1:8000", False),
    ("null", "127.0.0.1:8000", False),
])
def test_which_pages_may_open_the_websocket(origin, host_header, same):
    assert serve_command._same_origin(origin, host_header) is same


def _children(pid: int) -> set[int]:
    """The processes ``pid`` started, and theirs (Linux's /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in map(int, (task / "children").read_text().split()):
                found |= {child, *_children(child)}
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize("left", [False, True], ids=["browser connected", "browser just left"])
def test_ctrl_c_ends_every_app_quietly_and_at_once(tmp_path, left):
    async def interrupted(served) -> tuple[set[int], float]:
        import aiohttp

        async with aiohttp.ClientSession() as session:
            ws = await session.ws_connect(f"{served.url}ws?width=100&height=30")
            received = b""
            while "Floor routine" not in screen_text(received):
                message = await ws.receive(timeout=30)
                assert message.type == aiohttp.WSMsgType.BINARY, message
                received += message.data
            apps = _children(served.process.pid)
            if left:
                await ws.close()
            start = time.monotonic()
            served.process.send_signal(signal.SIGINT)
            await asyncio.to_thread(served.process.wait, 60)
            await ws.close()
            return apps, time.monotonic() - start

    with serving(tmp_path) as served:
        apps, took = asyncio.run(interrupted(served))
    assert apps, "the served app's process was not found"
    assert served.process.returncode == 0
    assert served.stderr == ""
    assert took < 10, f"coach serve took {took:.1f} s to end"
    assert not [pid for pid in apps if Path(f"/proc/{pid}").exists()]
