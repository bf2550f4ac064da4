"""Keep the Streamlit server from making requests of its own to the internet.

Streamlit checks the origin of every WebSocket against the machine's addresses, and to learn the
*external* one it asks an outside service (``checkip.amazonaws.com``), blocking its event loop for
up to two seconds each time: a web page on any other site could make the server call out, and
stall everyone's session, by opening WebSockets to it. No setting turns this off
(``browser.serverAddress`` and ``server.corsAllowedOrigins`` are checked only *before* the
lookup; ``server.enableCORS = false`` would skip it by letting every origin in). So ecomap
answers both address lookups locally: the external address is unknown, the internal one is the
loopback address the server binds to. A WebSocket from another origin is then refused, as before,
without any request leaving the machine.
"""

from __future__ import annotations

from streamlit import net_util

LOOPBACK = "127.0.0.1"


def _no_external_ip() -> None:
    return None


def _loopback() -> str:
    return LOOPBACK


def stay_offline() -> None:
    """Answer Streamlit's address lookups without the network (idempotent)."""
    net_util.get_external_ip = _no_external_ip
    net_util.get_internal_ip = _loopback
