"""The book's kernels run over IPC: no "running over TCP without encryption" line per executed page."""

import jupyter_client
import nbformat
from nbclient import NotebookClient

from naltrexone.sphinxext import kernels


def test_pages_kernels_use_ipc_sockets_and_log_no_tcp_warning(monkeypatch, capfd):
    monkeypatch.setattr(jupyter_client, "AsyncKernelManager", jupyter_client.AsyncKernelManager)
    kernels.use_ipc_kernels()  # what the extension does when the build's configuration is read
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    client = NotebookClient(notebook, kernel_name="python3", timeout=60)
    with client.setup_kernel():
        assert isinstance(client.km, kernels.IPCKernelManager)
        assert client.km.transport == "ipc"
        assert client.km.ip.startswith(kernels.jupyter_runtime_dir())
        client.execute_cell(notebook.cells[0], 0)
    assert notebook.cells[0].outputs[0]["text"] == "42\n"
    assert "without encryption" not in capfd.readouterr().err


def test_a_socket_path_too_long_for_the_system_falls_back_to_tcp(monkeypatch):
    monkeypatch.setattr(kernels, "jupyter_runtime_dir", lambda: "/tmp/" + "x" * 120)
    manager = kernels.IPCKernelManager(kernel_name="python3")
    assert manager.transport == "tcp" and manager.ip == "127.0.0.1"


def test_each_kernel_gets_its_own_sockets():
    first, second = kernels.IPCKernelManager(), kernels.IPCKernelManager()
    assert first.ip != second.ip and first.transport == second.transport == "ipc"
