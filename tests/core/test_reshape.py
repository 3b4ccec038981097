"""Shape changes keep every surviving weight exactly; new weights are fresh draws of the
initializer's distribution, reproducible, and never a copy of an existing weight."""

import numpy as np
import pytest

from xorgui.core import Initialization, Network
from xorgui.core.network import MAX_LAYERS, MAX_UNITS
from xorgui.core.reshape import (add_layer, add_unit, change_key, remove_layer, remove_unit,
                                 reshape_weights, reshaped, resize_layer, why_not)

INITS = [Initialization("uniform", scale=1.0, seed=7), Initialization("he", seed=3),
         Initialization("constant", value=0.25)]


def numbered(layers):
    """Weights whose every value says where it sits: 1000·l + 100·row + col (+1 so none is 0)."""
    return [np.fromfunction(lambda r, c, l=l: 1000 * l + 100 * r + c + 1, (layers[l + 1], 1 + layers[l]))
            for l in range(len(layers) - 1)]


def net(layers, act="sigmoid"):
    return Network(list(layers), [act] * (len(layers) - 1), numbered(layers))


@pytest.mark.parametrize("init", INITS)
def test_adding_a_unit_keeps_every_weight_and_initializes_the_new_ones(init):
    old = net([2, 3, 1])
    change = add_unit([2, 3, 1], old.activation_names, 1)
    new = reshaped(old, change, init)
    fresh = init.make([2, 4, 1], change_key(change, old.weights))
    assert new.layers == [2, 4, 1]
    # W: the first three rows are the old ones, the fourth (Z4's incoming) is the initializer's
    assert np.array_equal(new.weights[0][:3], old.weights[0])
    assert np.array_equal(new.weights[0][3], fresh[0][3])
    # V: bias and Z1..Z3 columns kept, the Z4 column new
    assert np.array_equal(new.weights[1][:, :4], old.weights[1])
    assert np.array_equal(new.weights[1][:, 4], fresh[1][:, 4])


def test_removing_a_middle_unit_keeps_the_others_weights_in_order():
    old = net([2, 4, 1])
    change = remove_unit([2, 4, 1], old.activation_names, 1, unit=1)  # Z2 goes
    new = reshaped(old, change, INITS[0])
    assert new.layers == [2, 3, 1]
    assert np.array_equal(new.weights[0], old.weights[0][[0, 2, 3]])
    assert np.array_equal(new.weights[1], old.weights[1][:, [0, 1, 3, 4]])


def test_a_new_layer_gets_new_weights_and_all_others_survive():
    init = INITS[1]
    old = net([2, 3, 1])
    change = add_layer([2, 3, 1], old.activation_names, 2)  # between hidden and output
    new = reshaped(old, change, init)
    fresh = init.make([2, 3, 3, 1], change_key(change, old.weights))
    assert new.layers == [2, 3, 3, 1] and new.activation_names == ["sigmoid"] * 3
    assert np.array_equal(new.weights[0], old.weights[0])
    assert np.array_equal(new.weights[1], fresh[1])
    assert np.array_equal(new.weights[2], fresh[2])


def test_removing_a_layer_joins_its_neighbours_with_new_weights():
    init = INITS[0]
    old = Network([3, 4, 2, 1], ["tanh", "relu", "sigmoid"], numbered([3, 4, 2, 1]))
    change = remove_layer([3, 4, 2, 1], old.activation_names, 2)
    new = reshaped(old, change, init)
    assert new.layers == [3, 4, 1]
    assert new.activation_names == ["tanh", "sigmoid"]  # the output keeps its own
    assert np.array_equal(new.weights[0], old.weights[0])
    assert np.array_equal(new.weights[1], init.make([3, 4, 1], change_key(change, old.weights))[1])


@pytest.mark.parametrize("layer,units", [(0, 3), (0, 1), (3, 2), (1, 1), (2, 5)])
def test_resizing_any_layer_keeps_the_first_units(layer, units):
    layers = [2, 4, 2, 1]
    old = net(layers)
    change = resize_layer(layers, old.activation_names, layer, units)
    init = INITS[0]
    new = reshaped(old, change, init)
    fresh = init.make(list(change.layers), change_key(change, old.weights))
    for l, (w_new, w_old, w_init) in enumerate(zip(new.weights, old.weights, fresh)):
        rows = min(w_new.shape[0], w_old.shape[0])
        cols = min(w_new.shape[1], w_old.shape[1])
        assert np.array_equal(w_new[:rows, :cols], w_old[:rows, :cols])
        surviving = np.zeros(w_new.shape, bool)
        surviving[:rows, :cols] = True
        assert np.array_equal(w_new[~surviving], w_init[~surviving])


def test_weights_beyond_a_new_or_removed_layer_survive_too():
    init = INITS[0]
    old = net([2, 3, 1])
    new = reshaped(old, add_layer([2, 3, 1], old.activation_names, 1), init)  # right after the input
    assert new.layers == [2, 3, 3, 1] and np.array_equal(new.weights[2], old.weights[1])
    old = net([2, 3, 4, 1])
    new = reshaped(old, remove_layer([2, 3, 4, 1], old.activation_names, 1), init)  # the first hidden layer
    assert new.layers == [2, 4, 1] and np.array_equal(new.weights[1], old.weights[2])


def test_the_first_or_by_default_the_last_unit_is_removed_and_no_other_is_made_up():
    old = net([2, 4, 1])
    first = reshaped(old, remove_unit([2, 4, 1], old.activation_names, 1, unit=0), INITS[0])
    assert np.array_equal(first.weights[0], old.weights[0][[1, 2, 3]])
    assert np.array_equal(first.weights[1], old.weights[1][:, [0, 2, 3, 4]])
    last = reshaped(old, remove_unit([2, 4, 1], old.activation_names, 1), INITS[0])
    assert np.array_equal(last.weights[0], old.weights[0][:3])
    for unit, shown in ((4, 5), (-1, 0)):
        with pytest.raises(ValueError, match=rf"^There is no unit {shown} in the hidden layer\.$"):
            remove_unit([2, 4, 1], old.activation_names, 1, unit=unit)
    with pytest.raises(ValueError, match=r"^There is no unit 3 in hidden layer 2\.$"):
        remove_unit([2, 4, 2, 1], ["tanh"] * 3, 2, unit=2)


def test_each_change_is_named_as_the_edit_menu_shows_it():
    acts = ["tanh", "relu", "sigmoid"]
    assert add_unit([2, 3, 1], acts[1:], 1).text == "Add a unit to the hidden layer"
    assert add_unit([2, 4, 3, 1], acts, 2).text == "Add a unit to hidden layer 2"
    assert remove_unit([2, 4, 3, 1], acts, 1).text == "Remove a unit from hidden layer 1"
    assert resize_layer([2, 4, 3, 1], acts, 0, 5).text == "5 units in the input layer"
    assert resize_layer([2, 4, 3, 1], acts, 3, 2, text="New data").text == "New data"
    assert add_layer([2, 4, 3, 1], acts, 1, units=1).text == "Add a hidden layer of 1 unit"
    assert add_layer([2, 4, 3, 1], acts, 1).text == "Add a hidden layer of 4 units"
    assert remove_layer([2, 4, 3, 1], acts, 2).text == "Remove hidden layer 2"


def test_a_new_layer_takes_the_units_and_activation_of_the_nearest_hidden_layer():
    layers, acts = [2, 4, 3, 1], ["tanh", "relu", "sigmoid"]
    after_input = add_layer(layers, acts, 1)  # nearest: hidden layer 1 (4 tanh units)
    assert after_input.layers == (2, 4, 4, 3, 1) and after_input.activations == ("tanh", "tanh", "relu", "sigmoid")
    between = add_layer(layers, acts, 2)  # as near to both: the earlier one
    assert between.layers == (2, 4, 4, 3, 1) and between.activations == ("tanh", "tanh", "relu", "sigmoid")
    before_output = add_layer(layers, acts, 3)  # nearest: hidden layer 2 (3 relu units)
    assert before_output.layers == (2, 4, 3, 3, 1)
    assert before_output.activations == ("tanh", "relu", "relu", "sigmoid")
    for at in (0, 4):
        with pytest.raises(ValueError, match=r"\(position 1 to 3\)$"):
            add_layer(layers, acts, at)


def test_the_same_seed_gives_the_same_new_weights_and_another_seed_others():
    old = net([2, 3, 1])
    change = add_unit([2, 3, 1], old.activation_names, 1)
    a = reshape_weights(change, old.weights, Initialization("uniform", seed=5))
    b = reshape_weights(change, old.weights, Initialization("uniform", seed=5))
    c = reshape_weights(change, old.weights, Initialization("uniform", seed=6))
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(a[0][3], c[0][3])


def test_a_2_1_network_grows_a_hidden_layer_with_the_output_activation():
    old = Network([2, 1], ["sigmoid"], numbered([2, 1]))
    change = add_layer([2, 1], ["sigmoid"], 1)
    assert change.layers == (2, 2, 1) and change.activations == ("sigmoid", "sigmoid")
    new = reshaped(old, change, INITS[0])
    assert new.layers == [2, 2, 1]


def test_the_cap_is_refused_with_its_reason_and_said_in_advance():
    full = [2, MAX_UNITS, 1]
    reason = why_not(full, "add_unit", 1)
    assert f"at most {MAX_UNITS} units" in reason
    with pytest.raises(ValueError, match=f"at most {MAX_UNITS} units"):
        add_unit(full, ["sigmoid", "sigmoid"], 1)
    deep = [2] + [3] * (MAX_LAYERS - 2) + [1]
    assert f"at most {MAX_LAYERS} layers" in why_not(deep, "add_layer", 1)
    with pytest.raises(ValueError, match=f"at most {MAX_LAYERS} layers"):
        add_layer(deep, ["tanh"] * (MAX_LAYERS - 1), 1)
    assert why_not([2, 1, 1], "remove_unit", 1).startswith("A hidden layer needs at least one unit")
    assert "input column" in why_not([2, 3, 1], "add_unit", 0)
    assert "target column" in why_not([2, 3, 1], "remove_unit", 2)
    assert why_not([2, 1], "remove_layer", 1) == "Only hidden layers can be removed."
    assert why_not([2, 3, 1], "add_unit", 1) is None and why_not([2, 3, 1], "remove_layer", 1) is None


def test_what_is_refused_is_said_whole_and_the_builders_refuse_it_too():
    acts = ["tanh", "sigmoid"]
    input_reason = "The input layer has one unit per input column of the data; change the data to change it."
    output_reason = "The output layer has one unit per target column of the data; change the data to change it."
    assert why_not([2, 3, 1], "add_unit", 0) == why_not([2, 3, 1], "remove_unit") == input_reason
    assert why_not([2, 3, 1], "add_unit", 2) == output_reason
    assert why_not([2, 2, 1], "remove_unit", 1) is None  # two units: one may go
    assert why_not([2, 3, 1], "remove_layer", 0) == "Only hidden layers can be removed."
    deep = [2] + [3] * (MAX_LAYERS - 2) + [1]
    assert f"({MAX_LAYERS - 2} hidden)" in why_not(deep, "add_layer")
    for build, layer, reason in ((add_unit, 0, input_reason), (remove_unit, 2, output_reason),
                                 (remove_layer, 2, "Only hidden layers can be removed.")):
        with pytest.raises(ValueError) as refused:
            build([2, 3, 1], acts, layer)
        assert str(refused.value) == reason
    for build in (add_unit, remove_unit, remove_layer, lambda l, a, k: resize_layer(l, a, k, 2)):
        with pytest.raises(ValueError, match=r"^there is no layer 3: the network has layers 0 to 2$"):
            build([2, 3, 1], acts, 3)
    with pytest.raises(ValueError, match=r"^Every layer needs at least one unit\.$"):
        resize_layer([2, 3, 1], acts, 1, 0)
    assert resize_layer(deep, ["tanh"] * (MAX_LAYERS - 1), 1, 4).layers[1] == 4  # at the cap: allowed
    with pytest.raises(ValueError, match=rf"^A layer holds at most {MAX_UNITS} units, so that "):
        resize_layer([2, 3, 1], acts, 0, MAX_UNITS + 1)


def test_every_change_and_every_set_of_weights_has_a_key_of_its_own():
    old = net([2, 3, 1])
    acts = old.activation_names
    changes = [add_unit([2, 3, 1], acts, 1), add_layer([2, 3, 1], acts, 1), add_layer([2, 3, 1], acts, 2),
               resize_layer([2, 3, 1], acts, 1, 5)]
    keys = {change_key(c, old.weights) for c in changes}
    assert len(keys) == len(changes)
    assert all(len(k) == 9 and all(0 <= word < 2**32 for word in k[1:]) for k in keys)
    # the same numbers in another shape are other weights
    flat = [np.arange(6.0).reshape(2, 3)]
    assert change_key(changes[0], flat) != change_key(changes[0], [flat[0].reshape(3, 2)])


def _new_and_old(before, after, change):
    """The weights of ``after`` that the change made new, and every weight of ``before``."""
    news = []
    for l, w in enumerate(after):
        src, tgt = change.layer_from[l], change.layer_from[l + 1]
        kept = np.zeros(w.shape, bool)
        if src is not None and tgt is not None and tgt == src + 1:
            rows = [j for j, o in enumerate(change.unit_from[l + 1]) if o is not None]
            cols = [0] + [1 + i for i, o in enumerate(change.unit_from[l]) if o is not None]
            kept[np.ix_(rows, cols)] = True
        news.append(w[~kept])
    return np.concatenate(news), np.concatenate([w.ravel() for w in before])


SHAPES = [([2, 3, 1], "add_unit", 1), ([2, 3, 1], "add_layer", 1), ([2, 3, 1], "add_layer", 2),
          ([3, 4, 1], "add_layer", 2), ([2, 2, 2, 1], "add_unit", 2), ([2, 4, 3, 1], "remove_layer", 2)]
BUILD = {"add_unit": add_unit, "add_layer": add_layer, "remove_layer": remove_layer}


@pytest.mark.parametrize("method", ["uniform", "normal", "xavier", "he"])
@pytest.mark.parametrize("seed", [0, 1, 7, 42])
@pytest.mark.parametrize("layers,action,at", SHAPES)
def test_no_new_weight_copies_an_existing_one(layers, action, at, seed, method):
    # the session's own weights come from the same seed: the old rule (new weights = a fresh
    # init.make of the new shape) lined them up with these, e.g. sigmoid + a unit: Z4's = V's
    init = Initialization(method, seed=seed)
    old = Network(layers, ["sigmoid"] * (len(layers) - 1), init.make(layers))
    change = BUILD[action](layers, old.activation_names, at)
    new = reshaped(old, change, init)
    news, olds = _new_and_old(old.weights, new.weights, change)
    assert news.size and not np.isin(news, olds).any()
    assert len(np.unique(news)) == news.size  # nor one another


def test_the_sigmoid_example_grows_a_unit_and_a_layer_with_weights_of_their_own():
    init = Initialization("uniform", seed=0)
    old = Network([2, 3, 1], ["sigmoid", "sigmoid"], init.make([2, 3, 1]))
    for change in (add_unit([2, 3, 1], old.activation_names, 1), add_layer([2, 3, 1], old.activation_names, 1)):
        new = reshaped(old, change, init)
        news, olds = _new_and_old(old.weights, new.weights, change)
        assert not np.isin(news, olds).any()
        assert np.all(np.abs(news) <= 1.0)  # the same distribution: U(−1, 1)
        again = reshaped(Network(old.layers, old.activation_names, [w.copy() for w in old.weights]), change, init)
        assert all(np.array_equal(a, b) for a, b in zip(new.weights, again.weights))  # reproducible


def test_new_weights_follow_the_initializations_distribution():
    old = Network([2, 3, 1], ["sigmoid"] * 2, Initialization("uniform", scale=0.5, seed=3).make([2, 3, 1]))
    change = add_layer([2, 3, 1], old.activation_names, 2, units=16)
    new = reshaped(old, change, Initialization("uniform", scale=0.5, seed=3))
    assert np.all(np.abs(new.weights[1]) <= 0.5) and np.all(np.abs(new.weights[2]) <= 0.5)
    assert new.weights[1].min() < -0.4 and new.weights[1].max() > 0.4  # spread over the range
    xavier = reshaped(old, change, Initialization("xavier", seed=3))
    assert np.all(np.abs(xavier.weights[1]) <= np.sqrt(6 / (4 + 16)))  # fan_in 1 + 3, fan_out 16


def test_removing_and_re_adding_a_unit_does_not_bring_back_the_numbers_of_another():
    init = Initialization("uniform", seed=0)
    net0 = Network([2, 3, 1], ["sigmoid"] * 2, init.make([2, 3, 1]))
    grown = reshaped(reshaped(net0, add_unit([2, 3, 1], net0.activation_names, 1), init),
                     add_unit([2, 4, 1], net0.activation_names, 1), init)  # Z4 and Z5 new
    shrunk = reshaped(grown, remove_unit([2, 5, 1], net0.activation_names, 1, unit=3), init)  # Z5 → Z4
    again = reshaped(shrunk, add_unit([2, 4, 1], net0.activation_names, 1), init)  # a new Z5
    assert not np.isin(again.weights[0][4], shrunk.weights[0]).any()
