"""Giving the C library's free heap back to the system.

glibc keeps memory that C, C++ and Rust code (spaCy, Oxigraph's RocksDB) have freed in its heaps for reuse, where
it still counts as the process's resident memory; ``malloc_trim`` returns the free pages. Elsewhere (musl, macOS,
Windows) :func:`trim_heap` does nothing.

>>> trim_heap() in (True, False)
True
"""
from __future__ import annotations

import ctypes
import sys
from functools import cache

__all__ = ["trim_heap"]


def trim_heap() -> bool:
    """Return the free pages of glibc's heaps to the system; False where the C library has no ``malloc_trim``."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


@cache
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own C library; musl has no malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim
