"""One worker thread for work that can overlap the main thread's.

Work done in C without Python's lock — checking a large file's UTF-8, encoding its response ids,
counting half of the cube's answers — runs on a second core when handed to this worker, while
the main thread goes on.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import cache


@cache
def background() -> ThreadPoolExecutor:
    """The worker (started on first use)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="cxmaturity-worker")
