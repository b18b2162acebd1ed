"""A Streamlit client without a browser: one WebSocket session that speaks the app's protocol
(BackMsg / ForwardMsg protobufs), opens a page and changes a widget, and times the message that
carries the map. Used by `bench/load.py` to play many viewers at once."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

MAP_COMPONENT = "streamlit_folium"


@dataclass
class Visit:
    """What one script run sent back: when the map arrived, widgets by key, bytes, errors."""

    seconds_to_map: float | None = None
    seconds_to_end: float | None = None
    bytes: int = 0
    widgets: dict[str, str] = field(default_factory=dict)  # user key -> widget id
    exceptions: list[str] = field(default_factory=list)


class Session:
    """One viewer: a WebSocket to `/_stcore/stream` of the server at `base_url`."""

    def __init__(self, base_url: str, user_agent: str = "dvk-load", ssl=None) -> None:
        self.url = (base_url.replace("https://", "wss://").replace("http://", "ws://").rstrip("/")
                    + "/_stcore/stream")
        self.user_agent = user_agent
        self.ssl = ssl
        self.connection = None
        self.widgets: dict[str, str] = {}
        self.cache: dict[str, ForwardMsg] = {}  # as a browser keeps the large messages

    async def connect(self, timeout: float = 60) -> None:
        extra = {"ssl": self.ssl} if self.url.startswith("wss://") else {}
        self.connection = await asyncio.wait_for(connect(
            self.url, max_size=None, compression=None, open_timeout=timeout,
            user_agent_header=self.user_agent, **extra), timeout)

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()

    async def run(self, *, query: str = "", states: list[WidgetState] = (),
                  timeout: float = 300) -> Visit:
        """Ask for a script run (a page open when `states` is empty, a widget change otherwise)
        and read until it finishes."""
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.widget_states.widgets.extend(states)
        message.rerun_script.cached_message_hashes.extend(self.cache)
        return await self.exchange(message.SerializeToString(), timeout=timeout)

    async def replay(self, raw: bytes, timeout: float = 300) -> Visit | None:
        """Send a message a browser sent (recorded); a script run's is read until it ends."""
        message = BackMsg()
        message.ParseFromString(raw)
        if message.WhichOneof("type") != "rerun_script":
            await self.connection.send(raw)
            return None
        return await self.exchange(raw, timeout=timeout)

    async def exchange(self, raw: bytes, timeout: float = 300) -> Visit:
        """Send one script-run request and read what comes back until the run finishes."""
        started = time.perf_counter()
        await self.connection.send(raw)
        visit = Visit()
        deadline = started + timeout
        while True:
            try:
                raw = await asyncio.wait_for(self.connection.recv(),
                                             max(deadline - time.perf_counter(), 0.1))
            except Exception as error:  # closed, timed out: counted as an error of the run
                visit.exceptions.append(type(error).__name__)
                return visit
            visit.bytes += len(raw)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "ref_hash":  # the server sent only the hash of a message we hold
                forward = self.cache.get(forward.ref_hash, forward)
                kind = forward.WhichOneof("type")
            elif forward.metadata.cacheable and forward.hash:
                self.cache[forward.hash] = forward
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                self._note(forward.delta.new_element, visit, started)
            elif kind == "script_finished":
                visit.seconds_to_end = time.perf_counter() - started
                self.widgets.update(visit.widgets)
                return visit

    @staticmethod
    def _note(element, visit: Visit, started: float) -> None:
        kind = element.WhichOneof("type")
        if kind == "component_instance" and MAP_COMPONENT in element.component_instance.component_name:
            if visit.seconds_to_map is None:
                visit.seconds_to_map = time.perf_counter() - started
        elif kind == "exception":
            visit.exceptions.append(element.exception.message[:200])
        elif kind is not None:
            inner = getattr(element, kind)
            widget_id = getattr(inner, "id", "")
            if widget_id and "-" in widget_id:
                visit.widgets[widget_id.rsplit("-", 1)[-1]] = widget_id


def toggle(widget_id: str, value: bool) -> WidgetState:
    return WidgetState(id=widget_id, bool_value=value)
