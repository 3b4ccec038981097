"""``xorgui new --data … --layers …``: a new session on library data or a CSV file.

The preset (``--preset``, default the article's example) gives everything else: the hidden
layers' and the output's activation, the initialization and the training settings. The input
and output layers follow the data; ``--layers`` sets the whole shape (its ends must match the
data).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .core.csvdata import CsvError, read_file
from .core.datasets import LIBRARY, MAX_TEST_FRACTION, DataSource, build, split
from .core.network import Network, check_shape
from .core.presets import make_preset
from .core.training import Trainer


CSV_ROLES = ("with a header row, the columns named y, y1…, t, t1…, target…, label…, class… or output… (else the "
             "last column) are targets, a column named test marks test samples with 1, the others are inputs")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="NAME|csv:FILE",
                   help=f"the data: one of {', '.join(LIBRARY)}, or csv:FILE (a CSV file of numbers: {CSV_ROLES}). "
                        "Default: the preset's XOR")
    p.add_argument("--layers", metavar="N,N,…", help="units per layer from input to output, e.g. 2,4,1 "
                   "(default: the preset's hidden layers between the data's inputs and outputs)")
    p.add_argument("--size", type=int, help="samples of a generated set, before the split (default 200, sine 100)")
    p.add_argument("--noise", type=float, help="noise of a generated set (default 0, sine 0.1)")
    p.add_argument("--data-seed", type=int, help="seed of a generated set (default 0)")
    p.add_argument("--test-fraction", type=float, default=0.0,
                   help=f"share of the samples kept for testing, 0 to {MAX_TEST_FRACTION:g} (default 0)")
    p.add_argument("--split-seed", type=int, default=0, help="seed of the train/test split (default 0)")


def wants_data(args: argparse.Namespace) -> bool:
    """Whether ``new`` was asked for anything beyond a preset."""
    return any(v is not None for v in (args.data, args.layers, args.size, args.noise, args.data_seed)) \
        or args.test_fraction != 0.0 or args.split_seed != 0


def make_trainer(args: argparse.Namespace, user_error) -> Trainer:
    """The preset's session on the asked data and shape; ``user_error`` for anything that cannot be."""
    base = make_preset(args.preset)
    try:
        train, test, source = _data(args, base, user_error)
    except (ValueError, CsvError) as exc:
        raise user_error(f"--data: {exc}") from None
    layers = _layers(args, base, train, user_error)
    acts = base.network.activation_names
    activations = [acts[0]] * (len(layers) - 2) + [acts[-1]]  # the preset's hidden and output units
    try:
        check_shape(layers)
        network = Network(layers, activations, base.init.make(layers))
    except ValueError as exc:
        raise user_error(f"--layers {args.layers}: {exc}") from None
    try:
        return Trainer(network, train, base.config, base.init, name=base.name, test_data=test, source=source)
    except ValueError as exc:
        raise user_error(f"that data does not fit the {args.preset} preset: {exc} (choose another --preset)") from None


def _data(args, base: Trainer, user_error):
    if args.data is None or not args.data.startswith("csv:"):
        name = args.data or base.source.name
        if name not in LIBRARY:
            raise user_error(f"--data: unknown dataset {name!r}; choose one of {', '.join(LIBRARY)} or csv:FILE")
        params = {k: v for k, v in (("size", args.size), ("noise", args.noise), ("seed", args.data_seed))
                  if v is not None}
        source = DataSource(name, params, args.test_fraction, args.split_seed)
        return (*build(source), source)
    if any(v is not None for v in (args.size, args.noise, args.data_seed)):
        raise user_error("--size, --noise and --data-seed describe a generated set, not a CSV file")
    path = Path(args.data[4:])
    try:  # "line 2, column 3: …", "cannot read the file (…)", a test column that cannot be used: say which file
        table = read_file(path)
        inputs, targets, test_column = table.default_roles()
        if not inputs:
            columns = len(table.names) - (test_column is not None)
            raise user_error(f"--data: {path} has {columns} column{'s' if columns != 1 else ''} of values, and "
                             f"the file needs at least one input and one target column: {CSV_ROLES} (the window's "
                             "File ▸ Import data… lets you choose each column's role)")
        train, test = table.datasets(inputs, targets, test_column)
    except CsvError as exc:
        raise CsvError(f"{path}: {exc}") from None
    if args.test_fraction:
        if test is not None:
            raise user_error(f"{path} marks its test samples already (column {table.names[test_column]!r}); "
                             "leave out --test-fraction")
        train, test = split(train, args.test_fraction, args.split_seed)
    share = 0.0 if test is None else min(len(test) / (len(train) + len(test)), MAX_TEST_FRACTION)
    return train, test, DataSource(test_fraction=args.test_fraction or share, split_seed=args.split_seed,
                                   marked=test is not None and not args.test_fraction)


def _layers(args, base: Trainer, train, user_error) -> list[int]:
    if args.layers is None:
        return [train.n_inputs] + base.network.layers[1:-1] + [train.n_outputs]
    try:
        layers = [int(n) for n in args.layers.split(",")]
    except ValueError:
        raise user_error(f"--layers: expected whole numbers separated by commas, e.g. 2,4,1, got {args.layers!r}") from None
    if len(layers) < 2:
        raise user_error("--layers: give at least the input and the output layer, e.g. 2,1")
    if (layers[0], layers[-1]) != (train.n_inputs, train.n_outputs):
        raise user_error(f"--layers {args.layers}: the data has {train.n_inputs} input"
                         f"{'s' if train.n_inputs != 1 else ''} and {train.n_outputs} target"
                         f"{'s' if train.n_outputs != 1 else ''}, so the layers must start with {train.n_inputs} "
                         f"and end with {train.n_outputs}")
    return layers
