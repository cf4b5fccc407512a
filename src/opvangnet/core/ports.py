"""Is the address to serve on free? Asked before starting gunicorn, whose own answer ("Connection in use",
retried for seconds) does not say what to do."""

from __future__ import annotations

import socket

DEFAULT_BIND = "127.0.0.1:8000"


def with_port(bind: str, port: int) -> str:
    """`bind` with its port replaced: ("127.0.0.1:8000", 8124) → "127.0.0.1:8124"."""
    host = bind.rsplit(":", 1)[0] if ":" in bind else bind
    return f"{host}:{port}"


def port_in_use(bind: str) -> bool:
    """Whether something already listens on `bind` ("host:port", "[::1]:port" or ":port"). A Unix socket or
    an address that cannot be read is left for gunicorn to judge (False)."""
    if bind.startswith(("unix:", "fd://")) or ":" not in bind:
        return False
    host, _colon, port_text = bind.rpartition(":")
    if not port_text.isdigit():
        return False
    host = host.strip("[]") or "0.0.0.0"  # noqa: S104 - gunicorn's reading of ":port"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As gunicorn binds: a port held only by connections closing down (TIME_WAIT) counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, int(port_text)))
        except OSError:
            return True
    return False


def port_in_use_message(bind: str) -> str:
    """The message, in Dutch and in English, for an address that is taken; it proposes the next port."""
    port_text = bind.rpartition(":")[2]
    port = int(port_text) + 1 if port_text.isdigit() else 8124
    other = with_port(bind, port)
    return (
        f"Adres {bind} is al in gebruik: draait Opvangnet (of iets anders) daar al? Stop dat eerst, "
        f"of kies een andere poort: make run PORT={port}, opvangnet demo --port {port} "
        f"of OPVANGNET_BIND={other}.\n"
        f"Address {bind} is already in use: is Opvangnet (or something else) running there? Stop it "
        f"first, or choose another port: make run PORT={port}, opvangnet demo --port {port} "
        f"or OPVANGNET_BIND={other}."
    )
