"""Unit and weight names: the seed's for 2-3-1, the documented generic scheme otherwise."""

import itertools

import pytest

from xorgui.core import naming


def test_seed_unit_names():
    layers = [2, 3, 1]
    assert naming.unit_names(layers, 0) == ["X0", "X1", "X2"]
    assert naming.unit_names(layers, 1) == ["Z0", "Z1", "Z2", "Z3"]
    assert naming.unit_names(layers, 1, include_bias=False) == ["Z1", "Z2", "Z3"]
    assert naming.unit_names(layers, 2) == ["D0"]
    assert [naming.layer_title(layers, k) for k in range(3)] == ["input", "hidden", "output"]


def test_seed_weight_names_and_positions():
    layers = [2, 3, 1]
    assert naming.weight_name(layers, 0, 0, 0) == "W10"  # bias X0 → Z1
    assert naming.weight_name(layers, 0, 1, 1) == "W21"  # X1 → Z2
    assert naming.weight_name(layers, 1, 0, 0) == "V00"  # bias Z0 → D0
    assert naming.weight_name(layers, 1, 0, 3) == "V03"  # Z3 → D0
    assert naming.source_name(layers, 0, 0) == "X0"
    assert naming.source_name(layers, 1, 3) == "Z3"
    assert naming.target_name(layers, 1, 0) == "Z1"
    assert naming.target_name(layers, 2, 0) == "D0"


def test_generic_names_for_deeper_networks():
    layers = [2, 4, 4, 2]
    assert naming.unit_names(layers, 1) == ["Z1_0", "Z1_1", "Z1_2", "Z1_3", "Z1_4"]
    assert naming.unit_names(layers, 2, include_bias=False) == ["Z2_1", "Z2_2", "Z2_3", "Z2_4"]
    assert naming.unit_names(layers, 3) == ["D0", "D1"]
    assert [naming.layer_title(layers, k) for k in range(4)] == ["input", "hidden 1", "hidden 2", "output"]
    names = naming.weight_names(layers)
    assert names[0][0] == ["W1_10", "W1_11", "W1_12"]
    assert names[1][3][4] == "W2_44"
    assert names[2][1] == ["W3_10", "W3_11", "W3_12", "W3_13", "W3_14"]
    # no hidden layer
    assert naming.weight_names([2, 1]) == [[["W1_00", "W1_01", "W1_02"]]]


def test_two_digit_numbers_are_separated():
    assert naming.weight_name([2, 12, 1], 0, 10, 0) == "W11,0"
    assert naming.weight_name([12, 2], 0, 0, 10) == "W1_0,10"


@pytest.mark.parametrize("layers", [[2, 3, 1], [2, 12, 1], [11, 11, 11], [3, 12, 12, 2], [64, 64], [1, 1]])
def test_names_are_unique_and_shaped_like_the_weights(layers):
    names = naming.weight_names(layers)
    assert [(len(m), len(m[0])) for m in names] == [(layers[l + 1], layers[l] + 1) for l in range(len(layers) - 1)]
    flat = list(itertools.chain.from_iterable(itertools.chain.from_iterable(names)))
    assert len(flat) == len(set(flat))
    units = list(itertools.chain.from_iterable(naming.unit_names(layers, k) for k in range(len(layers))))
    assert len(units) == len(set(units))


def test_a_part_of_a_count_agrees_the_noun_with_the_whole_and_the_verb_with_the_part():
    assert naming.some_of(1, 4, "training sample") == "1 of 4 training samples is"
    assert naming.some_of(3, 4, "training sample") == "3 of 4 training samples are"
    assert naming.some_of(1, 1, "training sample") == "1 of 1 training sample is"
    assert naming.some_of(1500, 2000, "sample") == "1,500 of 2,000 samples are"


def test_a_count_and_a_data_set_s_samples_are_said_with_one_plural_rule():
    assert [naming.count(n, "input") for n in (0, 1, 2, 10000)] == ["0 inputs", "1 input", "2 inputs", "10,000 inputs"]
    assert naming.sample_counts(4) == naming.sample_counts(4, None) == naming.sample_counts(4, 0) == "4 training samples"
    assert naming.sample_counts(3, 1) == "3 training samples and 1 test sample"
    assert naming.sample_counts(1, 1500) == "1 training sample and 1,500 test samples"
