"""xorgui: back-propagation made visible and exact."""

import os

__version__ = "0.1.0"

# The engine's matrices are at most 17 columns wide, where BLAS threads cost far more than
# they save: on a busy 2-core machine they made one epoch of a 16-16-16 network on 10,000
# samples 15 to 20 times slower (1.5 s against 0.07-0.1 s). Read by numpy's BLAS when it
# loads, so set here, before any xorgui module imports numpy; a setting already made wins.
for _variable in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from .allocator import keep_arrays_in_heap  # noqa: E402 - after the BLAS settings

keep_arrays_in_heap()  # an epoch's large arrays reused, not mapped anew (allocator.py)
