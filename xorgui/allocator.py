"""Keep the engine's per-epoch arrays in the C heap (Linux, glibc).

An epoch of 16-16-16 on 10,000 samples makes and frees arrays of 1.3 MB (10,000 × 16 doubles),
above glibc's 128 KiB threshold for mapping memory from the kernel: each one was mapped, its
pages faulted in zeroed, then unmapped, and the epoch took 10-12 ms. Once a larger block has
been freed glibc raises the threshold itself and the same epoch takes 4-5 ms, but when depends
on what ran before (the benchmarks' reference epoch halved after an unrelated change). Set both
thresholds here so that it never depends on that: arrays up to 32 MiB come from the heap, and
up to 64 MiB of freed heap is kept for the next epoch instead of being returned at each free.
"""

from __future__ import annotations

import ctypes
import os
import sys

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD  # as glibc's own adjustment keeps it
USER_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES")


def keep_arrays_in_heap() -> bool:
    """Set glibc's thresholds; False where there is no glibc (Windows, macOS, musl) or it refuses."""
    if not sys.platform.startswith("linux") or any(v in os.environ for v in USER_SETTINGS):
        return False  # elsewhere no glibc; a setting the user made wins, as for BLAS's threads
    try:  # the process's own symbols, libc's among them (ctypes.util.find_library runs ldconfig: slow)
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # a C library without mallopt
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
