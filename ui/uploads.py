"""Only a signed-in editor's session may send this server a file. Streamlit's upload endpoint
takes a file from any session that asks (a viewer's script could park hundreds of megabytes in
the process); `install` wraps it before the server starts, so that a request from a session that
is not an editor's, or one past its session's count or size, is refused before its body is read.
A session's files go when the session ends (Streamlit's own clean-up)."""

from __future__ import annotations

import logging

from ui import state

MAX_FILES = 2  # held by one session at once: the file being imported, and its replacement
MAX_BYTES = 110 * 1024 * 1024  # held by one session in all (the Data page takes 50 MB a file)
LOG = logging.getLogger(__name__)


def refusal(session_id: str, content_length: str | None) -> int | None:
    """The HTTP status to refuse an upload with before reading it, None to let it in."""
    from streamlit.runtime import Runtime

    runtime = Runtime.instance()
    info = runtime._session_mgr.get_active_session_info(session_id)
    if info is None:
        return 400
    if not state.session_value(info.session, state.MAY_UPLOAD):
        return 403
    held = runtime.uploaded_file_mgr.file_storage.get(session_id, {})
    size = int(content_length) if content_length and content_length.isdigit() else 0
    if len(held) >= MAX_FILES or sum(len(f.data) for f in held.values()) + size > MAX_BYTES:
        return 413
    return None


def install() -> None:
    """Wrap the upload endpoint's PUT in `refusal` (call before the server is created)."""
    from starlette.responses import Response
    from starlette.routing import Route
    from streamlit.web.server.starlette import starlette_app, starlette_routes

    make_routes = starlette_routes.create_upload_routes
    if getattr(make_routes, "dvk_gated", False):
        return

    def gated(endpoint):
        async def put(request):
            status = refusal(request.path_params["session_id"],
                             request.headers.get("content-length"))
            if status is not None:
                LOG.warning("upload refused (%s) for session %s", status,
                            request.path_params["session_id"][:8])
                return Response(status_code=status)
            return await endpoint(request)
        return put

    def create_upload_routes(*args, **kwargs):
        routes = []
        for route in make_routes(*args, **kwargs):
            if isinstance(route, Route) and "PUT" in (route.methods or ()):
                route = Route(route.path, gated(route.endpoint), methods=["PUT"],
                              name=route.name)
            routes.append(route)
        return routes

    create_upload_routes.dvk_gated = True
    starlette_routes.create_upload_routes = create_upload_routes
    starlette_app.create_upload_routes = create_upload_routes
