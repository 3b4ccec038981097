"""What a choice from the settings' lists sets: a batch size for a batch kind, a λ for a penalty
(rules that lived in the panel's slots)."""

import pytest

from xorgui.core.config import batch_size_for
from xorgui.core.regularizers import REGULARIZERS


@pytest.mark.parametrize("kind, k, n, size", [
    ("online", 7, 4, 1), ("full batch", 7, 4, None),
    ("mini-batch", 2, 4, 2), ("mini-batch", 1, 4, 2), ("mini-batch", 4, 4, 3), ("mini-batch", 50, 100, 50),
    ("mini-batch", 2, 3, 2), ("mini-batch", 2, 2, None), ("mini-batch", 2, 1, None),
])
def test_a_mini_batch_lies_strictly_between_online_and_the_full_batch(kind, k, n, size):
    assert batch_size_for(kind, k, n) == size


def test_a_penalty_chosen_at_zero_gets_a_rate_that_does_something():
    assert REGULARIZERS["l2"].rate_when_chosen(0.0) == REGULARIZERS["l1"].rate_when_chosen(0.0) == 0.001
    assert REGULARIZERS["l2"].rate_when_chosen(0.05) == 0.05
    assert REGULARIZERS["none"].rate_when_chosen(0.05) == 0.0
