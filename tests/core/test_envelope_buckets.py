"""The two envelope operations the History and the session file's per-sample tracks share,
against plain Python: min/max skip NaN unless a bucket is all NaN, last is the bucket's last."""

import math

import numpy as np

from xorgui.core.envelope import bucketed, merged


def nanmin(xs):
    xs = [x for x in xs if not math.isnan(x)]
    return min(xs) if xs else math.nan


def nanmax(xs):
    xs = [x for x in xs if not math.isnan(x)]
    return max(xs) if xs else math.nan


def same(a, b):
    return len(a) == len(b) and all(x == y or (math.isnan(x) and math.isnan(y)) for x, y in zip(a, b))


VALUES = [3.0, math.nan, 1.0, 4.0, math.nan, math.nan, 5.0, 9.0, 2.0, 6.0, 5.0]


def test_bucketed_takes_min_max_and_last_of_each_run_the_last_one_shorter():
    mins, maxs, lasts = bucketed(np.array(VALUES), 2)
    runs = [VALUES[i:i + 2] for i in range(0, len(VALUES), 2)]  # 6 runs, the last of one value
    assert same(mins, [nanmin(r) for r in runs]) and same(maxs, [nanmax(r) for r in runs])
    assert same(lasts, [r[-1] for r in runs])


def test_merged_joins_pairs_and_keeps_an_odd_last_bucket():
    mins, maxs, lasts = bucketed(np.array(VALUES), 2)
    m2, x2, l2 = merged(mins, maxs, lasts)
    runs = [VALUES[i:i + 4] for i in range(0, len(VALUES), 4)]  # as if bucketed by 4 from the start
    assert same(m2, [nanmin(r) for r in runs]) and same(x2, [nanmax(r) for r in runs])
    assert same(l2, [r[-1] for r in runs])
    l2[0] = -1.0
    assert lasts[1] == 4.0  # a new array, not a view of the buckets it merged
