"""Training settings (learning rate, loss, batching, regularization, shuffling) and the names
of the batch modes, checked once where they are made."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from .losses import get_loss
from .numbers import fmt
from .regularizers import get_regularizer

MIN_LEARNING_RATE = 1e-8
MAX_LEARNING_RATE = 1e3


@dataclass(frozen=True)
class TrainingConfig:
    """Training settings. ``batch_size`` None means full batch; 1 means online."""

    learning_rate: float = 0.1
    loss: str = "squared"
    batch_size: int | None = None
    regularization: str = "none"
    regularization_rate: float = 0.0
    shuffle: bool = False
    shuffle_seed: int = 0

    def __post_init__(self) -> None:
        lr = self.learning_rate
        if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not math.isfinite(lr) \
                or not MIN_LEARNING_RATE <= lr <= MAX_LEARNING_RATE:
            raise ValueError(f"learning rate must be from {fmt(MIN_LEARNING_RATE)} to {fmt(MAX_LEARNING_RATE)}")
        get_loss(self.loss)
        bs = self.batch_size
        if bs is not None and (isinstance(bs, bool) or not isinstance(bs, int) or bs < 1):
            raise ValueError("batch size must be a whole number of at least 1, or full batch")
        get_regularizer(self.regularization)
        rr = self.regularization_rate
        if isinstance(rr, bool) or not isinstance(rr, (int, float)) or not math.isfinite(rr) or rr < 0:
            raise ValueError("regularization rate must be a finite number of at least 0")
        if not isinstance(self.shuffle, bool):
            raise ValueError("shuffle must be true or false")
        if isinstance(self.shuffle_seed, bool) or not isinstance(self.shuffle_seed, int) \
                or not 0 <= self.shuffle_seed < 2**63:
            raise ValueError("shuffle seed must be a whole number from 0 to 2^63 − 1")

    def to_dict(self) -> dict:
        return asdict(self)

    def batch_mode(self, n_samples: int) -> str:
        """'full batch', 'online' or 'mini-batch of k' (see :func:`batch_mode`)."""
        return batch_mode(self.batch_size, n_samples)

    def effective_batch(self, n_samples: int) -> int:
        return n_samples if self.batch_size is None else min(self.batch_size, n_samples)


BATCH_KINDS = ("full batch", "mini-batch", "online")


def batch_kind(batch_size: int | None, n_samples: int) -> str:
    """Which of BATCH_KINDS a batch size (None: full batch) is over ``n_samples`` samples."""
    k = n_samples if batch_size is None else min(batch_size, n_samples)
    if k >= n_samples:
        return "full batch"
    return "online" if k == 1 else "mini-batch"


def batch_size_for(kind: str, k: int, n_samples: int) -> int | None:
    """The batch size for one of BATCH_KINDS: None for a full batch, 1 online, and for mini-batches
    ``k`` kept strictly between the two (2 to n − 1); with 2 samples or fewer a mini-batch is the
    full batch."""
    if kind == "mini-batch" and n_samples > 2:
        return min(max(k, 2), n_samples - 1)
    return 1 if kind == "online" else None


def batch_mode(batch_size: int | None, n_samples: int) -> str:
    """The batch mode as a user reads it: 'full batch', 'online' or 'mini-batch of k' (k's
    thousands grouped, as every count the window shows: 'mini-batch of 2,000')."""
    kind = batch_kind(batch_size, n_samples)
    return f"mini-batch of {min(batch_size, n_samples):,}" if kind == "mini-batch" else kind
