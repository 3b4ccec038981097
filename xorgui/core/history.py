"""The loss history: one mean loss per epoch, in memory bounded for any run the app allows.

Up to ``EXACT_EPOCHS`` epochs every loss is kept (float64, 8 bytes an epoch). Beyond that the
history becomes an *envelope* of bounded size whatever the epoch count (up to 2^53):

* ``head``: the exact losses of the first epochs (``HEAD_EPOCHS`` when it was decimated);
* buckets of ``bucket`` consecutive epochs after the head, each with the min, max and last
  loss of its epochs (NaN and ±inf are kept: ``fmin``/``fmax`` ignore NaN unless all are
  NaN). The bucket size is a power of two that doubles, merging neighbours, whenever there
  would be more than ``MAX_BUCKETS`` buckets;
* ``tail``: the exact losses of at least the last ``TAIL_EPOCHS`` epochs, so ``last()`` and recent
  trends stay exact;
* ``pinned``: exact losses at epochs someone asked to keep (``pin``: the loss plot's markers,
  and the ends undo may cut back to).

``start`` is the loss at epoch 0: of the weights the run started from, before any update (None:
unknown, e.g. a file saved before it was recorded). The Trainer records it when training begins.

Epoch ``e`` (1-based) is the loss after the ``e``-th epoch. Read with ``len``, ``last``,
``values`` (the exact losses; see its docstring once decimated), ``curve`` (what to plot) and
``at`` (the loss at given epochs).
"""

from __future__ import annotations

import itertools

import numpy as np

from .envelope import HEAD_EPOCHS, MAX_BUCKETS, TAIL_EPOCHS, Envelope
from .timeline import MAX_EPOCH

__all__ = ["EXACT_EPOCHS", "HEAD_EPOCHS", "MAX_BUCKETS", "TAIL_EPOCHS", "History", "check_parts"]

Array = np.ndarray

EXACT_EPOCHS = 1 << 20  # 1,048,576 epochs: 8 MiB of float64
DIRECT_EPOCHS = 1 << 16  # a history growing past this takes EXACT_EPOCHS' buffer at once (_grow)
_LINEAGES = itertools.count(1)


class History:
    """Mean data loss after each epoch; see the module docstring for the bounded layout.

    ``lineage`` is a number no other history shares, renewed whenever recorded losses are
    rewritten (cut back, restored) rather than appended to: two readings of one lineage agree
    on every epoch both hold, so a reader can take only the epochs added since (the plot does)."""

    def __init__(self, values=()):
        self.lineage = next(_LINEAGES)
        if isinstance(values, History):
            self._become(values)
            return
        self._buf = np.empty(max(1024, min(len(values), EXACT_EPOCHS)), dtype=np.float64)
        self._n = 0
        self._env: Envelope | None = None
        self.pinned: dict[int, float] = {}
        self.start: float | None = None
        self.extend(values)

    # -- reading ------------------------------------------------------------------------
    def __len__(self) -> int:
        """Epochs recorded (also once decimated)."""
        return self._env.n if self._env else self._n

    @property
    def decimated(self) -> bool:
        """True once the history keeps an envelope instead of every loss."""
        return self._env is not None

    @property
    def values(self) -> Array:
        """A read-only view of the exact losses, epoch ``len(self) - len(values) + 1`` first.

        Until decimated that is every epoch (``values[e - 1]`` is epoch ``e``); once decimated
        only the last ``TAIL_EPOCHS`` (to twice that) epochs: use ``curve`` and ``at`` for the whole run."""
        view = self._env.tail_values() if self._env else self._buf[: self._n]
        view.flags.writeable = False
        return view

    def last(self) -> float | None:
        if self._env:
            return self._env.last()
        return float(self._buf[self._n - 1]) if self._n else None

    def after(self, n: int) -> Array:
        """The exact losses of epochs ``n + 1`` to ``len`` (read-only): all of them until
        decimated, and then those still held exactly (at least the last TAIL_EPOCHS), so new
        losses of a chunk of up to TAIL_EPOCHS epochs are always complete."""
        values = self.values
        return values[max(0, n - (len(self) - len(values))):]

    def curve(self) -> tuple[Array, Array]:
        """(epochs, losses) to draw, epochs increasing: every epoch until decimated, then the
        exact head, each bucket's max and min at its first epoch and its last loss at its last
        epoch, and the exact tail. At most about 3·MAX_BUCKETS + HEAD + TAIL points."""
        if self._env:
            return self._env.curve()
        return np.arange(1, self._n + 1, dtype=np.float64), self._buf[: self._n].copy()

    def at(self, epochs) -> Array:
        """The loss after each of ``epochs`` (1 to len). Exact until decimated, and then in
        the head, the tail, at pinned epochs and at each bucket's last epoch; elsewhere the
        last loss of the bucket holding that epoch."""
        e = np.asarray(epochs, dtype=np.int64)
        if np.any((e < 1) | (e > len(self))):
            raise IndexError(f"epochs must be from 1 to {len(self)}")
        if self._env is None:
            return self._buf[e - 1].copy()
        out = self._env.at(e)
        if self.pinned:
            keys = np.array(sorted(self.pinned), dtype=np.int64)
            pos = np.minimum(np.searchsorted(keys, e), len(keys) - 1)
            hit = keys[pos] == e
            out[hit] = np.array([self.pinned[k] for k in keys.tolist()])[pos[hit]]
        return out

    def exact_at_or_before(self, epoch: int) -> int:
        """The last epoch up to ``epoch`` (1 to len) whose loss ``at`` gives exactly (0: none):
        a pinned epoch too."""
        if self._env is None:
            return int(epoch)
        exact = self._env.exact_at_or_before(int(epoch))
        return max((e for e in self.pinned if exact < e <= epoch), default=exact)

    # -- writing ------------------------------------------------------------------------
    def append(self, value: float) -> None:
        if self._env is None and self._n < EXACT_EPOCHS:
            if self._n == self._buf.shape[0]:
                self._grow(self._n + 1)
            self._buf[self._n] = value
            self._n += 1
        else:
            self.extend((value,))

    def extend(self, values) -> None:
        values = np.asarray(values, dtype=np.float64).ravel()
        need = len(self) + values.shape[0]
        if self._env is None and need <= EXACT_EPOCHS:
            if need > self._buf.shape[0]:
                self._grow(need)
            self._buf[self._n:need] = values
            self._n = need
            return
        if self._env is None:
            values = values[self._fill_head(values):]
        self._decimate()
        self._env.extend(values)

    def extend_constant(self, value: float, count: int) -> None:
        """Append ``count`` epochs of the same loss without materialising them (an unknown
        stretch of NaN costs nothing however long)."""
        if count <= 0:
            return
        if self._env is None and self._n + count <= EXACT_EPOCHS:
            self.extend(np.full(count, value))
            return
        if self._env is None:
            count -= self._fill_head(np.full(min(count, HEAD_EPOCHS), value))
        self._decimate()
        self._env.extend_constant(float(value), int(count))

    def truncate(self, n: int) -> None:
        """Keep the first ``n`` epochs. Exact until decimated and back to within the head;
        once decimated, a cut inside the buckets keeps the envelope up to there at bucket
        resolution, and the last loss is the bucket's last (exact if ``n`` ends a bucket or
        lies in the tail)."""
        n = max(0, min(n, len(self)))
        if n == len(self):
            return  # nothing to cut (an undo of an edit): the exact tail keeps every loss it holds
        self.lineage = next(_LINEAGES)
        self.pinned = {e: v for e, v in self.pinned.items() if e <= n}
        if self._env is None:
            self._n = n
        elif n <= len(self._env.head):
            head = self._env.head[:n]
            self._env = None
            self._buf = np.empty(max(1024, n), dtype=np.float64)
            self._n = 0
            self.extend(head)
        else:
            self._env.truncate(n, self.pinned.get(n))

    def pin(self, epoch: int) -> None:
        """Keep the loss after ``epoch`` exact (a marker sits there); ignored if unknown."""
        if 1 <= epoch <= len(self):
            value = float(self.at([epoch])[0])
            if not self._env or self._env.is_exact(epoch):
                self.pinned[epoch] = value

    def know(self, epoch: int, value: float) -> None:
        """The loss after ``epoch`` is ``value``, known from elsewhere (time travel's replay): kept
        exact, as a pin is, where the history no longer holds it (inside a bucket)."""
        if 1 <= epoch <= len(self) and self.exact_at_or_before(epoch) != epoch:
            self.pinned[epoch] = float(value)

    def copy(self) -> "History":
        return History(self)

    # -- undo support ----------------------------------------------------------------------
    def since(self, base: int, pin: bool = True):
        """What ``restore_since(base, …)`` needs to bring this history back: the exact losses
        after epoch ``base`` (an array) when they are all still held, else a copy of the whole
        (bounded) history. The loss at ``base`` itself is pinned, so that a later cut back to
        ``base`` ends exactly there even if the history has been decimated by then. ``pin``
        False: the cut back, if any, comes before TAIL_EPOCHS more epochs are recorded; the
        last loss is then pinned only if the exact tail does not hold it (a pin for every
        chunk of a run would pile up)."""
        base = max(0, min(base, len(self)))
        if pin or base < len(self) or (self._env is not None and not self._env.tail_count):
            self.pin(base)
        if self._env is None:
            return self._buf[base:self._n].copy()
        tail_start = self._env.n - self._env.tail_count
        if base >= tail_start:
            return self._env.tail_values()[base - tail_start:].copy()
        return self.copy()

    def restore_since(self, base: int, since) -> None:
        """Undo/redo: back to the first ``base`` epochs plus what ``since(base)`` returned."""
        if isinstance(since, History):
            self._become(since)
        else:
            self.truncate(base)
            self.extend(since)

    # -- internals --------------------------------------------------------------------------
    def _become(self, other: "History") -> None:
        self.lineage = next(_LINEAGES)
        self._buf = other._buf[: max(other._n, 1)].copy()
        self._n = other._n
        self._env = other._env.copy() if other._env else None
        self.pinned = dict(other.pinned)
        self.start = other.start

    def _grow(self, need: int) -> None:
        # Doubling a long history copied megabytes into fresh pages mid-run: at 2^19 epochs the
        # mean and per-sample histories together froze the window for ~50 ms. Past DIRECT_EPOCHS the
        # buffer takes its final 8 MiB at once; Linux and macOS give it memory as it is written
        # (Windows reserves it whole), so a shorter run holds no more than before.
        size = EXACT_EPOCHS if need > DIRECT_EPOCHS else max(need, 2 * self._buf.shape[0])
        new = np.empty(size, dtype=np.float64)
        new[: self._n] = self._buf[: self._n]
        self._buf = new

    def _fill_head(self, values: Array) -> int:
        """Before a call crosses EXACT_EPOCHS (not yet decimated): record exactly as many of
        ``values`` as make up the head (HEAD_EPOCHS) if fewer epochs are held; how many that took.
        Otherwise a long history recorded in one call (a version 1 file) lost its exact start."""
        take = max(0, min(HEAD_EPOCHS - self._n, values.shape[0]))
        if take:
            self.extend(values[:take])
        return take

    def _decimate(self) -> None:
        if self._env is not None:
            return
        exact = self._buf[: self._n]
        head = exact[:HEAD_EPOCHS]
        self._env = Envelope(head.copy())
        self._env.extend(exact[head.shape[0]:])
        self._buf = np.empty(1, dtype=np.float64)
        self._n = 0

    # -- file form (sessionfile) -------------------------------------------------------------
    def parts(self) -> dict:
        """The arrays and sizes that make up this history (see docs/session-format.md)."""
        if self._env is None:
            return {"epochs": self._n, "head": self._buf[: self._n]}
        e = self._env
        return {"epochs": e.n, "head": e.head, "bucket": e.bucket, "min": e.mins[: e.count],
                "max": e.maxs[: e.count], "last": e.lasts[: e.count],
                "tail": e.tail_values()[-TAIL_EPOCHS:]}

    @classmethod
    def from_parts(cls, epochs: int, head: Array, bucket: int = 0, mins=None, maxs=None, lasts=None,
                   tail=None, pinned: dict[int, float] | None = None, start: float | None = None) -> "History":
        """Rebuild from ``parts()`` (validated by the caller: sizes agree, see check_parts)."""
        h = cls()
        if not bucket:
            h.extend(head)
        else:
            env = Envelope(np.array(head, dtype=np.float64))
            env.set_buckets(int(epochs), int(bucket), mins, maxs, lasts, tail)
            h._env = env
        h.pinned = dict(pinned or {})
        h.start = start
        return h


def check_parts(epochs: int, head_len: int, bucket: int, n_buckets: int, tail_len: int) -> str | None:
    """Why these sizes cannot form a history, or None if they can."""
    if bucket == 0:
        if head_len != epochs:
            return f"{head_len} exact losses for {epochs} epochs"
        return None
    if bucket < 1 or bucket & (bucket - 1):
        return "the bucket size must be a power of two"
    if head_len > epochs:
        return f"{head_len} exact losses at the start of only {epochs} epochs"
    # longer than any session runs (a bucket of 2^64 overflowed at the first pin); a run cut back by
    # Undo keeps its bucket, so it may outlast the epochs now
    if bucket >= MAX_EPOCH:
        return f"a bucket of {bucket} epochs is longer than any run (at most 2^53 − 1 epochs)"
    need = -(-(epochs - head_len) // bucket)
    if n_buckets != need:
        return f"{n_buckets} buckets of {bucket} epochs for {epochs - head_len} epochs after the head (need {need})"
    if tail_len > epochs - head_len:
        return f"{tail_len} exact losses at the end of only {epochs - head_len} epochs after the head"
    return None
