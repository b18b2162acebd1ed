"""A viewer cannot park memory in the server: Streamlit's upload endpoint takes files only from
a signed-in editor's session (ui/uploads.py). Tried as a script would: a session of the real
server, its XSRF cookie, then large PUTs to the endpoint; the process's memory is read from
/proc before and after. (An editor's uploads go through in the browser tests of the import.)"""

from __future__ import annotations

import asyncio
import http.client
import shutil
import uuid
from pathlib import Path

import pytest

from tests.chromium import running_app

MB = 1024 * 1024


def server_pid(port: int) -> int:
    """The app process listening on `port` (its command line names the port)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                words = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"ui.serve" in words and str(port).encode() in words:
                return int(entry.name)
    raise LookupError(port)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise LookupError(pid)


async def open_session(base: str) -> tuple[object, str]:
    """A viewer's session on the overview page, once its first run has finished (what the
    page itself loads is not counted against the uploads): the WebSocket and the session's
    id."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from bench.streamlit_client import Session

    session = Session(base)
    await session.connect()
    message = BackMsg()
    message.rerun_script.query_string = ""
    await session.connection.send(message.SerializeToString())
    session_id = None
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await asyncio.wait_for(session.connection.recv(), 120))
        if forward.WhichOneof("type") == "new_session":
            session_id = forward.new_session.initialize.session_id
        elif forward.WhichOneof("type") == "script_finished" and session_id:
            return session, session_id


def put_file(port: int, session_id: str, xsrf: str, size: int) -> int | str:
    """PUT a file of `size` bytes as the file uploader would; the status, or how it failed."""
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"big.csv\"\r\nContent-Type: text/csv\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.putrequest("PUT", f"/_stcore/upload_file/{session_id}/{uuid.uuid4()}")
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("Content-Length", str(len(head) + size + len(tail)))
        connection.putheader("X-Xsrftoken", xsrf)
        connection.putheader("Cookie", f"_streamlit_xsrf={xsrf}")
        connection.endheaders()
        connection.send(head)
        chunk = b"a" * MB
        for _ in range(size // MB):
            connection.send(chunk)
        connection.send(tail)
        return connection.getresponse().status
    except (BrokenPipeError, ConnectionResetError) as error:  # refused before the body ended
        return type(error).__name__
    finally:
        connection.close()


def xsrf_cookie(port: int) -> str:
    """The XSRF cookie the page's script gets (with the health check) and sends back."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/_stcore/health")
    response = connection.getresponse()
    response.read()
    cookies = response.headers.get_all("Set-Cookie") or []
    connection.close()
    return next(c.split(";")[0].split("=", 1)[1] for c in cookies
                if c.startswith("_streamlit_xsrf="))


@pytest.mark.slow
def test_five_anonymous_uploads_leave_the_server_where_it_was(tmp_path, demo_db):
    shutil.copyfile(demo_db, tmp_path / "store.sqlite")
    with running_app(tmp_path / "store.sqlite", tmp_path / "app.log") as url:
        port = int(url.rsplit(":", 1)[1])
        pid = server_pid(port)
        xsrf = xsrf_cookie(port)

        async def attack() -> tuple[float, float, list]:
            session, session_id = await open_session(url)
            before = rss_mb(pid)
            outcomes = [put_file(port, session_id, xsrf, 40 * MB) for _ in range(5)]
            await asyncio.sleep(1)
            after = rss_mb(pid)
            await session.close()
            return before, after, outcomes

        before, after, outcomes = asyncio.run(attack())
    assert all(o in (403, "BrokenPipeError", "ConnectionResetError") for o in outcomes), outcomes
    assert after - before < 50, (before, after)
    assert "upload refused (403)" in (tmp_path / "app.log").read_text()
