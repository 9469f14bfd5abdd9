"""One worker thread for reading work that can overlap the main thread's.

Checking a large file's UTF-8 and joining its response ids are done in C without Python's lock;
handed to this worker, they run on a second core while the main thread goes on reading.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import cache


@cache
def background() -> ThreadPoolExecutor:
    """The worker (started on first use)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="cxmaturity-reading")
