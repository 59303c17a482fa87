"""Fake servers for the tests, run on a thread of the test process."""

import socket
import socketserver
import threading

# A served thread notices a shutdown within this many seconds (the default half second would be
# waited out at the end of every test that starts a server).
POLL = 0.02


def serve(server: socketserver.BaseServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, args=(POLL,), daemon=True)
    thread.start()
    return thread


def free_port() -> int:
    """A port nothing on loopback listens on now (for a server a test starts, or one it keeps
    down)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    """The test database, for a process a test starts (a server, a worker) to share it."""
    from django.db import connection

    db = connection.settings_dict
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["USER"] else ""
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
