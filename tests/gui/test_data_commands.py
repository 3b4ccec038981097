"""The controller's data commands: a library set, imported rows, edited values and rows, each one
undo entry; the network's inputs and outputs follow the data, keeping the weights that survive."""

import numpy as np
import pytest

from xorgui.core import Dataset
from xorgui.core.datasets import DataSource, build
from xorgui.core.presets import make_preset


def weights(controller):
    return [w.copy() for w in controller.trainer.network.weights]


def test_a_library_set_of_the_same_shape_keeps_the_network_and_is_one_undo_entry(controller):
    before, count = weights(controller), controller.undo_stack.count()
    assert controller.set_library_data(DataSource("circle", {"size": 100}, 0.2, 3))
    t = controller.trainer
    assert (len(t.data), len(t.test_data)) == (80, 20) and t.source.name == "circle"
    assert all(np.array_equal(a, b) for a, b in zip(before, weights(controller)))
    assert controller.undo_stack.count() == count + 1
    assert controller.undo_stack.undoText() == "Data: Circle"
    assert controller.snapshot.inputs.shape == (80, 2)  # the views are told
    assert t.markers[-1].label == "Data: Circle"
    controller.undo()
    assert np.array_equal(controller.trainer.data.inputs, Dataset.xor().inputs)
    assert controller.trainer.test_data is None and controller.trainer.source == DataSource("xor")
    assert controller.snapshot.inputs.shape == (4, 2)
    controller.redo()
    assert len(controller.trainer.test_data) == 20


def test_more_inputs_and_outputs_widen_the_network_keeping_the_old_weights(controller):
    controller.replace_session(make_preset("sigmoid"))  # uniform initialization, seed 1
    old = weights(controller)
    assert controller.set_library_data(DataSource("parity3"))
    net = controller.trainer.network
    assert net.layers == [3, 3, 1]
    assert controller.undo_stack.undoText() == "Data: 3-input parity (network 3-3-1)"
    # bias and X1, X2 columns kept; the X3 column is fresh uniform draws, none a copy of another weight
    assert np.array_equal(net.weights[0][:, :3], old[0])
    x3 = net.weights[0][:, 3]
    assert np.all(np.abs(x3) <= 1.0) and not np.isin(x3, np.concatenate([w.ravel() for w in old])).any()
    assert np.array_equal(net.weights[1], old[1])
    assert controller.set_library_data(DataSource("half_adder"))
    assert controller.trainer.network.layers == [2, 3, 2]
    assert np.array_equal(controller.trainer.network.weights[1][0], old[1][0])
    controller.undo()
    controller.undo()
    assert controller.trainer.network.layers == [2, 3, 1]
    assert all(np.array_equal(a, b) for a, b in zip(old, weights(controller)))


def test_data_the_loss_cannot_take_is_refused_and_nothing_changes(controller, messages):
    controller.replace_session(make_preset("tanh"))  # cross-entropy: targets from 0 to 1
    count = controller.undo_stack.count()
    result = controller.set_library_data(DataSource("sine"))
    assert not result
    assert result.reason == "Data not changed: the cross-entropy loss needs targets between 0 and 1."
    assert messages[-1] == ("error", result.reason)
    assert controller.trainer.source == DataSource("xor") and controller.trainer.network.layers == [2, 3, 1]
    assert controller.undo_stack.count() == count


def test_data_wider_than_the_cap_is_refused_with_the_reason(controller):
    wide = Dataset(np.zeros((2, 17)), np.zeros((2, 1)))
    result = controller.import_data(wide, None, "wide.csv")
    assert not result and result.reason.startswith(
        "Data not changed: the data has 17 input and 1 target columns, but a layer holds at most 16 units")
    assert controller.trainer.network.layers == [2, 3, 1]


def test_imported_rows_with_a_test_set(controller):
    train = Dataset([[0.5], [1.5], [2.5]], [[0], [1], [1]])
    test = Dataset([[3.5]], [[1]])
    assert controller.import_data(train, test, "mine.csv")
    t = controller.trainer
    assert t.network.layers == [1, 3, 1] and t.source == DataSource("rows", {}, 0.25, 0, marked=True)  # the file marked them
    assert controller.undo_stack.undoText() == "Import data from mine.csv (network 1-3-1)"
    assert len(t.test_data) == 1


def test_typing_a_value_edits_one_cell_as_one_undo_entry(controller):
    assert controller.edit_data_value(2, 1, "0,25")  # X2 of sample 2, decimal comma accepted
    assert controller.trainer.data.inputs[2].tolist() == [1.0, 0.25]
    assert controller.undo_stack.undoText() == "Set X2 of sample 2 to 0.25"
    assert controller.trainer.source == DataSource("rows")  # no longer the library's XOR
    assert controller.edit_data_value(3, 2, "1")  # the target y of sample 3
    assert controller.trainer.data.targets[:, 0].tolist() == [0, 1, 1, 1]
    assert controller.snapshot.targets[3, 0] == 1
    controller.undo()
    controller.undo()
    assert controller.trainer.source == DataSource("xor")
    assert np.array_equal(controller.trainer.data.inputs, Dataset.xor().inputs)


@pytest.mark.parametrize("text, reason", [
    ("abc", "X1 of sample 0 not changed: “abc” is not a number (try 0.5, -1e-3 or 1/3)"),
    ("", "X1 of sample 0 not changed: type a number, e.g. 0.5, -1e-3 or 1/3"),
    ("2e6", "X1 of sample 0 not changed: “2e6” is out of range: use a value from −1e6 to 1e6"),
    ("1e-400", "X1 of sample 0 not changed: “1e-400” is too small to represent: numbers nearer to 0 than "
               "about 2.2e−308 lose digits or become 0 in the computer's arithmetic (type 0 for zero)"),
])
def test_a_value_that_is_not_a_number_is_refused(controller, text, reason):
    count = controller.undo_stack.count()
    result = controller.edit_data_value(0, 0, text)
    assert not result and result.reason == reason
    assert controller.undo_stack.count() == count and controller.trainer.data.inputs[0, 0] == 0


def test_a_target_out_of_the_losss_range_is_refused(controller):
    controller.replace_session(make_preset("tanh"))
    result = controller.edit_data_value(0, 2, "1.5")
    assert not result
    assert result.reason == "y of sample 0 not changed: the cross-entropy loss needs targets between 0 and 1."
    assert controller.trainer.data.targets[0, 0] == 0


def test_adding_and_removing_samples(controller):
    controller.select_sample(1)
    assert controller.add_sample(1)  # a copy of sample 1 becomes sample 2
    assert controller.trainer.data.inputs.tolist() == [[0, 0], [0, 1], [0, 1], [1, 0], [1, 1]]
    assert controller.snapshot.selected == 2 and controller.undo_stack.undoText() == "Add sample 2"
    assert controller.remove_sample(0)
    assert controller.trainer.data.inputs.tolist() == [[0, 1], [0, 1], [1, 0], [1, 1]]
    controller.undo()
    controller.undo()
    assert np.array_equal(controller.trainer.data.inputs, Dataset.xor().inputs)


def test_the_last_sample_cannot_be_removed(controller):
    assert controller.import_data(Dataset([[1, 2]], [[0]]), None, "one.csv")
    result = controller.remove_sample(0)
    assert not result and result.reason == "Sample 0 not removed: the data needs at least one sample."


def test_a_library_set_can_be_split_again(controller):
    assert controller.set_library_data(DataSource("spiral", {"size": 60}))
    assert controller.trainer.test_data is None
    assert controller.set_data_split(0.5, 2)
    t = controller.trainer
    train, test = build(DataSource("spiral", {"size": 60}, 0.5, 2))
    assert np.array_equal(t.data.inputs, train.inputs) and np.array_equal(t.test_data.inputs, test.inputs)
    controller.edit_data_value(0, 0, "0.5")
    assert not controller.set_data_split(0.2, 0)  # own rows: split when imported


def test_export_writes_what_trains_and_what_tests(controller, tmp_path):
    controller.set_library_data(DataSource("gaussians", {"size": 10}, 0.2, 0))
    said = []
    controller.message.connect(lambda text, kind: said.append(text))
    assert controller.export_data_csv(tmp_path / "d.csv")
    assert said[-1] == "Exported 10 samples (8 training, 2 test) to d.csv"  # it said 8, the file has 10
    lines = (tmp_path / "d.csv").read_text().splitlines()
    assert lines[0] == "x1,x2,y,test" and len(lines) == 11
    assert [ln.rsplit(",", 1)[1] for ln in lines[1:]] == ["0"] * 8 + ["1"] * 2
    result = controller.export_data_csv(tmp_path / "missing" / "d.csv")
    assert not result and result.reason == (f"Could not export the data: cannot write {tmp_path / 'missing' / 'd.csv'}: "
                                            f"the folder {(tmp_path / 'missing').resolve()} does not exist. "
                                            "Choose another folder (one you can write to) or another name.")


def test_a_data_change_while_training_keeps_training(controller, qtbot):
    controller.replace_session(make_preset("sigmoid"))
    controller.start()
    assert controller.set_library_data(DataSource("xnor"))
    assert controller.is_training
    qtbot.waitUntil(lambda: controller.trainer.epoch > 0)
    controller.pause()
    assert controller.trainer.source == DataSource("xnor")
