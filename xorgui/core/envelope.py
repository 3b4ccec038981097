"""The decimated form of a long loss history: head | buckets (min, max, last) | tail.

``history.History`` keeps every loss up to ``EXACT_EPOCHS`` epochs and then one of these,
whose size is bounded whatever the epoch count (the layout is described in history.py's
docstring and docs/session-format.md).
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray

HEAD_EPOCHS = 1 << 14   # kept exact at the start once decimated
TAIL_EPOCHS = 1 << 16   # kept exact at the end once decimated (a GUI chunk is at most this)
MAX_BUCKETS = 1 << 15   # at most this many (min, max, last) buckets in between


def bucketed(values: Array, bucket: int) -> tuple[Array, Array, Array]:
    """(min, max, last) of each run of ``bucket`` values, the last run possibly shorter: arrays
    of ceil(len / bucket) values. NaN is skipped by min and max unless a run is all NaN."""
    full = values.shape[0] // bucket
    blocks = values[: full * bucket].reshape(full, bucket)
    mins, maxs, lasts = [np.fmin.reduce(blocks, axis=1)], [np.fmax.reduce(blocks, axis=1)], [blocks[:, -1]]
    if values.shape[0] > full * bucket:
        extra = values[full * bucket:]
        mins.append([np.fmin.reduce(extra)])
        maxs.append([np.fmax.reduce(extra)])
        lasts.append(extra[-1:])
    return np.concatenate(mins), np.concatenate(maxs), np.concatenate(lasts)


def merged(mins: Array, maxs: Array, lasts: Array) -> tuple[Array, Array, Array]:
    """Buckets twice as long: each pair merged (min of mins, max of maxs, the second's last), an
    odd last bucket kept as it is. New arrays of ceil(k / 2) values."""
    pairs, odd = len(lasts) // 2, len(lasts) % 2
    m2 = np.fmin(mins[0:2 * pairs:2], mins[1:2 * pairs:2])
    x2 = np.fmax(maxs[0:2 * pairs:2], maxs[1:2 * pairs:2])
    l2 = lasts[1:2 * pairs:2].copy()
    if odd:
        m2, x2, l2 = np.append(m2, mins[-1]), np.append(x2, maxs[-1]), np.append(l2, lasts[-1])
    return m2, x2, l2


class Envelope:
    """head | buckets (min, max, last) | tail; ``n`` epochs in all."""

    def __init__(self, head: Array):
        self.head = head
        self.n = head.shape[0]     # epochs covered, head included
        self.bucket = 1
        self.count = 0             # buckets in use; the last may be partly filled
        self.mins = np.empty(0)
        self.maxs = np.empty(0)
        self.lasts = np.empty(0)
        self._tail = np.empty(2 * TAIL_EPOCHS)
        self.tail_count = 0
        self._drawn = 0            # buckets whose points curve() keeps in _px, _py (see curve)
        self._px = self._py = np.empty(0)

    def copy(self) -> "Envelope":
        c = Envelope(self.head)   # the head never changes once decimated: share it
        c.n, c.bucket, c.count, c.tail_count = self.n, self.bucket, self.count, self.tail_count
        c.mins, c.maxs, c.lasts = self.mins[: self.count].copy(), self.maxs[: self.count].copy(), \
            self.lasts[: self.count].copy()
        c._tail = self._tail.copy()
        return c

    def set_buckets(self, n, bucket, mins, maxs, lasts, tail) -> None:
        self.n, self.bucket, self.count = n, bucket, len(lasts)
        self._drawn = 0
        self.mins, self.maxs, self.lasts = (np.array(a, dtype=np.float64) for a in (mins, maxs, lasts))
        self._push_tail(np.asarray(tail, dtype=np.float64))
        while self.count > MAX_BUCKETS:
            self._merge()

    # reading
    def last(self) -> float | None:
        if self.tail_count:
            return float(self._tail[self.tail_count - 1])
        if self.n > len(self.head):
            return float(self.lasts[self.count - 1])
        return float(self.head[-1]) if len(self.head) else None

    def tail_values(self) -> Array:
        return self._tail[: self.tail_count]

    def is_exact(self, epoch: int) -> bool:
        # not the last epoch as such: cut inside a bucket, with nothing pinned there, its loss is lost
        h = len(self.head)
        return epoch <= h or epoch > self.n - self.tail_count or (epoch - h) % self.bucket == 0

    def exact_at_or_before(self, epoch: int) -> int:
        """The last epoch up to ``epoch`` whose loss is exact (0: none)."""
        h = len(self.head)
        if self.is_exact(epoch):
            return epoch
        return h + (epoch - h) // self.bucket * self.bucket

    def at(self, e: Array) -> Array:
        h, tail_start = len(self.head), self.n - self.tail_count
        out = np.empty(e.shape)
        in_head = e <= h
        out[in_head] = self.head[e[in_head] - 1]
        in_tail = (e > tail_start) & ~in_head
        out[in_tail] = self._tail[e[in_tail] - tail_start - 1]
        rest = ~(in_head | in_tail)
        out[rest] = self.lasts[(e[rest] - h - 1) // self.bucket]
        return out

    def curve(self) -> tuple[Array, Array]:
        h, b = len(self.head), self.bucket
        tail_start = self.n - self.tail_count  # epochs after this are in the tail
        # buckets that are full and end before the tail never change until the next merge or cut:
        # their points are kept, and a frame computes only those of the buckets that now qualify
        ready = max(0, min((tail_start - h) // b, self.count))
        if ready > self._drawn:
            x, y = self._points(self._drawn, ready, tail_start)
            self._reserve_points(3 * ready)
            self._px[3 * self._drawn:3 * ready], self._py[3 * self._drawn:3 * ready] = x, y
            self._drawn = ready
        drawn = self._drawn
        x, y = self._points(drawn, self.count, tail_start)
        xs = [np.arange(1, h + 1, dtype=np.float64), self._px[:3 * drawn], x,
              np.arange(tail_start + 1, self.n + 1, dtype=np.float64)]
        ys = [self.head, self._py[:3 * drawn], y, self.tail_values()]
        return np.concatenate(xs), np.concatenate(ys)

    def _points(self, j0: int, j1: int, tail_start: int) -> tuple[Array, Array]:
        """The points of buckets j0..j1-1: max and min at its first epoch and its last loss at
        its end for each bucket ending before the tail, then max and min of one reaching into it."""
        h, b = len(self.head), self.bucket
        first = h + 1 + b * np.arange(j0, j1, dtype=np.float64)
        end = np.minimum(first + b - 1, self.n)
        keep = first <= tail_start             # buckets that start before the tail
        first, end = first[keep], end[keep]
        mins, maxs, lasts = self.mins[j0:j1][keep], self.maxs[j0:j1][keep], self.lasts[j0:j1][keep]
        # max then min when the bucket ends near its min (a falling loss), else min then max
        falling = np.abs(lasts - mins) <= np.abs(lasts - maxs)
        y = np.empty((len(first), 3))
        y[:, 0] = np.where(falling, maxs, mins)
        y[:, 1] = np.where(falling, mins, maxs)
        y[:, 2] = lasts
        x = np.stack([first, first, end], axis=1)
        whole = end <= tail_start              # a bucket reaching into the tail: the tail has its end
        x, y = x[whole].ravel(), y[whole].ravel()
        if not np.all(whole):
            x, y = np.concatenate([x, first[~whole].repeat(2)]), np.concatenate([y, np.stack(
                [np.where(falling, maxs, mins), np.where(falling, mins, maxs)], axis=1)[~whole].ravel()])
        return x, y

    def _reserve_points(self, size: int) -> None:
        if size > self._px.shape[0]:
            size = max(size, min(2 * self._px.shape[0], 3 * MAX_BUCKETS))
            for name in ("_px", "_py"):
                new = np.empty(size)
                new[:3 * self._drawn] = getattr(self, name)[:3 * self._drawn]
                setattr(self, name, new)

    # writing
    def extend(self, values: Array) -> None:
        if not values.shape[0]:
            return
        self._reserve(values.shape[0])
        b, used = self.bucket, (self.n - len(self.head)) % self.bucket
        i = 0
        if used:  # fill the partly filled last bucket
            i = min(b - used, values.shape[0])
            part = values[:i]
            j = self.count - 1
            self.mins[j] = np.fmin(self.mins[j], np.fmin.reduce(part))
            self.maxs[j] = np.fmax(self.maxs[j], np.fmax.reduce(part))
            self.lasts[j] = part[-1]
        rest = values[i:]
        if rest.shape[0]:
            self._add_buckets(*bucketed(rest, b))
        self.n += values.shape[0]
        self._push_tail(values)

    def extend_constant(self, value: float, count: int) -> None:
        self._reserve(count)
        b, used = self.bucket, (self.n - len(self.head)) % self.bucket
        i = 0
        if used:
            i = min(b - used, count)
            j = self.count - 1
            self.mins[j], self.maxs[j] = np.fmin(self.mins[j], value), np.fmax(self.maxs[j], value)
            self.lasts[j] = value
        new = -(-(count - i) // b)  # buckets started by the rest
        if new:
            self._add_buckets(np.full(new, value), np.full(new, value), np.full(new, value))
        self.n += count
        self._push_tail(np.full(min(count, TAIL_EPOCHS), value))

    def truncate(self, n: int, loss_at_n: float | None = None) -> None:
        """Keep epochs 1 to n; ``loss_at_n`` (if known) makes the new end exact."""
        h = len(self.head)
        tail_start = self.n - self.tail_count
        self._drawn = 0  # the cut bucket changes, and the tail may start earlier
        tail = self.tail_values()[: max(0, n - tail_start)].copy()
        if not tail.shape[0] and loss_at_n is not None:
            tail = np.array([loss_at_n])  # the tail restarts with the one loss known exactly
        self.count = -(-(n - h) // self.bucket)
        j = self.count - 1
        start = h + j * self.bucket  # epochs before the cut bucket
        if tail_start <= start:      # the cut bucket lies in the tail: recompute it exactly
            part = tail[start - tail_start:]
            self.mins[j], self.maxs[j], self.lasts[j] = np.fmin.reduce(part), np.fmax.reduce(part), part[-1]
        elif tail.shape[0]:
            self.lasts[j] = tail[-1]
        self.n = n
        self.tail_count = 0
        self._push_tail(tail)

    # internals
    def _reserve(self, count: int) -> None:
        """Double the bucket size until ``count`` more epochs fit in MAX_BUCKETS buckets."""
        while -(-(self.n + count - len(self.head)) // self.bucket) > MAX_BUCKETS:
            self._merge()

    def _merge(self) -> None:
        k = self.count
        self.mins, self.maxs, self.lasts = merged(self.mins[:k], self.maxs[:k], self.lasts[:k])
        self.count = len(self.lasts)
        self.bucket *= 2
        self._drawn = 0

    def _add_buckets(self, mins: Array, maxs: Array, lasts: Array) -> None:
        k, add = self.count, mins.shape[0]
        if k + add > self.mins.shape[0]:
            size = max(k + add, min(2 * self.mins.shape[0], MAX_BUCKETS), 64)
            for name in ("mins", "maxs", "lasts"):
                new = np.empty(size)
                new[:k] = getattr(self, name)[:k]
                setattr(self, name, new)
        self.mins[k:k + add], self.maxs[k:k + add], self.lasts[k:k + add] = mins, maxs, lasts
        self.count = k + add

    def _push_tail(self, values: Array) -> None:
        add = values.shape[0]
        if add >= TAIL_EPOCHS:  # the new losses alone fill the tail
            self._tail[:TAIL_EPOCHS] = values[-TAIL_EPOCHS:]
            self.tail_count = TAIL_EPOCHS
            return
        c = self.tail_count
        if c + add > self._tail.shape[0]:  # keep the last TAIL_EPOCHS - add, then append
            keep = TAIL_EPOCHS - add
            self._tail[:keep] = self._tail[c - keep:c].copy()
            c = keep
        self._tail[c:c + add] = values
        self.tail_count = c + add
