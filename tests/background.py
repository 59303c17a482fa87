"""Fake servers for the tests, run on a thread of the test process."""

import socketserver
import threading

# A served thread notices a shutdown within this many seconds (the default half second would be
# waited out at the end of every test that starts a server).
POLL = 0.02


def serve(server: socketserver.BaseServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, args=(POLL,), daemon=True)
    thread.start()
    return thread
