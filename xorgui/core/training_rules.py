"""What a trainer checks and follows: which network, data and settings can train together, and
the order in which an epoch visits the samples (the trainer, the lottery and the twins share both)."""

from __future__ import annotations

import numpy as np

from .config import TrainingConfig
from .data import Dataset
from .losses import get_loss
from .network import Network

# An epoch of more samples than this, in batches (online or mini-batch), may be far longer than a
# tick of the window or a slice of the lottery: both time a part of this many samples before
# training it whole (10,000 online samples on 2-16-16-16-1 take half a second)
PROBE_FROM, PROBE_SAMPLES = 256, 16


def check_compatible(network: Network, data: Dataset, config: TrainingConfig,
                     test_data: Dataset | None = None) -> None:
    """Raise ValueError if the network, data (and test set) and settings cannot train together."""
    if test_data is not None:
        if (test_data.n_inputs, test_data.n_outputs) != (data.n_inputs, data.n_outputs):
            raise ValueError(f"the test set has {test_data.n_inputs} inputs and {test_data.n_outputs} "
                             f"targets, the training set {data.n_inputs} and {data.n_outputs}")
        check_compatible(network, test_data, config)
    if network.layers[0] != data.n_inputs:
        raise ValueError(f"the network has {network.layers[0]} inputs but the data has {data.n_inputs}")
    if network.layers[-1] != data.n_outputs:
        raise ValueError(f"the network has {network.layers[-1]} outputs but the data has {data.n_outputs} targets")
    loss = get_loss(config.loss)
    loss.check_output(network.activations[-1])
    loss.check_targets(data.targets)


def epoch_order(config: TrainingConfig, n_samples: int, epoch: int) -> np.ndarray:
    """The order in which epoch ``epoch`` (0-based) visits the samples: shuffled from the
    shuffle seed and the epoch when shuffling mini-batches, else 0, 1, …, n − 1."""
    if config.shuffle and config.effective_batch(n_samples) < n_samples:
        return np.random.default_rng([config.shuffle_seed, epoch]).permutation(n_samples)
    return np.arange(n_samples)
