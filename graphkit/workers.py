"""Worker processes that die with the process that forked them.

``--processes N`` forks extraction workers (:mod:`graphkit.extract.parallel`; spaCy's ``nlp.pipe(n_process=N)``
does the same); killed with ``kill -9``, the parent would leave them behind as orphans waiting on their queues
forever (each holding a copy of the pipeline's memory), and stopped by Ctrl-C it would hang at exit joining them. Inside :func:`workers_die_with_parent`, every process forked asks Linux to kill it
when its parent dies, and an exception ends the workers before it goes on.

>>> with workers_die_with_parent():
...     pass
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["workers_die_with_parent", "children_of", "running"]

PR_SET_PDEATHSIG = 1
_active = 0  # how many callers are inside workers_die_with_parent
_parent = None


@contextmanager
def workers_die_with_parent() -> Iterator[None]:
    """While inside, a forked child gets SIGKILL when the process that forked it dies (Linux; elsewhere nothing).

    Only forks made here are touched: a server started with ``subprocess`` (Neo4j) is meant to outlive graphkit,
    and subprocess does not run fork hooks anyway.
    """
    global _active, _parent
    _install()
    _active += 1
    _parent = os.getpid()
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, _interrupted) if main else None
    try:
        yield
    except BaseException:
        # Stopped (Ctrl-C, an error): the workers wait on their queues for work that will never come, and
        # multiprocessing would join them at exit, forever. End them now.
        _end_workers()
        raise
    finally:
        _active -= 1
        if main:
            signal.signal(signal.SIGINT, previous)


def _interrupted(signum, frame) -> None:
    # Ctrl-C reaches the parser mid-batch: spaCy's clean-up then joins workers that are blocked writing results
    # nobody reads, forever. Ending them first lets it finish, and the interrupt goes on as usual.
    _end_workers()
    warnings.filterwarnings("ignore", message=r"\[W127\]")  # spaCy's "not all workers completed": we ended them
    raise KeyboardInterrupt


def _end_workers() -> None:
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(10)
    if children:
        # The queues that fed them have threads blocked writing to pipes nobody will read, which multiprocessing
        # would join at exit, forever: what they hold is not wanted any more. spaCy keeps the queues to itself.
        from multiprocessing.queues import Queue

        for queue in (o for o in gc.get_objects() if isinstance(o, Queue)):
            queue.cancel_join_thread()


def _after_fork_in_child() -> None:
    global _active
    if not _active or not sys.platform.startswith("linux"):
        return
    _active = 0  # the child's own forks are its business
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends its workers
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != _parent:  # the parent died before the request was made
        os._exit(1)


_installed = False


def _install() -> None:
    global _installed
    if not _installed and hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork_in_child)
        _installed = True


def children_of(pid: int) -> set[int]:
    """The ids of the processes whose parent is ``pid`` (Linux: read from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as handle:
                if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.add(int(entry))
        except (OSError, ValueError, IndexError):
            pass
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` runs: a zombie (dead, waiting for a parent that may never reap it) does not."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
