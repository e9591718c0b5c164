"""Run the pages' kernels over local IPC sockets instead of TCP.

Jupyter kernels talk to the build over ZeroMQ. Over TCP without encryption ipykernel logs
"Kernel is running over TCP without encryption ..." to the build's standard error, once per
executed page, and recommends IPC. Over IPC the sockets are files in Jupyter's private runtime
folder (mode 0700), reachable only by this user, so there is nothing to warn about and the build
log keeps to what matters.

MyST-NB (through jupyter-cache and nbclient) passes no kernel-manager options, and nbclient
takes its kernel manager class from ``jupyter_client.AsyncKernelManager`` when it starts a
kernel. This extension puts a subclass there whose only change is the transport, for the
lifetime of the build process. Where IPC is unavailable (Windows) or the socket path would be too
long for the system, kernels stay on TCP.
"""

from __future__ import annotations

import os
import sys
import uuid

import jupyter_client
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir
from traitlets import default

# sockaddr_un.sun_path holds 108 bytes on Linux (104 on macOS); the kernel appends "-1" ... "-5".
_MAX_SOCKET_PATH = 100


def _ipc_prefix() -> str | None:
    """A fresh socket path prefix in Jupyter's runtime folder, or None where IPC cannot be used."""
    if sys.platform == "win32":
        return None
    runtime = jupyter_runtime_dir()
    prefix = os.path.join(runtime, f"kernel-{uuid.uuid4().hex[:12]}-ipc")
    if len(prefix) + 2 > _MAX_SOCKET_PATH:
        return None
    os.makedirs(runtime, mode=0o700, exist_ok=True)
    return prefix


class IPCKernelManager(AsyncKernelManager):
    """nbclient's default kernel manager, with the kernel's sockets on IPC where possible."""

    @default("transport")
    def _transport_default(self) -> str:
        return "tcp" if self._ipc_prefix is None else "ipc"

    @default("ip")
    def _ip_default(self) -> str:
        # Each kernel gets its own socket files, wherever the build runs from.
        return self._ipc_prefix if self.transport == "ipc" else super()._ip_default()

    def __init__(self, **kwargs):
        self._ipc_prefix = _ipc_prefix()
        super().__init__(**kwargs)


def use_ipc_kernels(app=None, config=None) -> None:
    jupyter_client.AsyncKernelManager = IPCKernelManager


def setup(app):
    app.connect("config-inited", use_ipc_kernels)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
