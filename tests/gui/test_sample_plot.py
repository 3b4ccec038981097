"""The per-sample plot: each sample's recorded losses, the stuck ones drawn thick, exact read-out."""

import numpy as np

from xorgui.core import Dataset, Initialization, Network, Trainer, TrainingConfig
from xorgui.core.numbers import fmt


def stuck_trainer():
    init = Initialization("uniform", seed=7)  # 2-2-1 at α = 2: (1, 0) and (1, 1) stay near 0.5
    return Trainer(Network([2, 2, 1], ["sigmoid", "sigmoid"], init.make([2, 2, 1])), Dataset.xor(),
                   TrainingConfig(learning_rate=2.0), init)


def test_each_samples_losses_are_drawn_and_the_stuck_ones_stand_out(window, controller):
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(plot)
    assert "once an epoch has been trained" in plot.readout.text()
    trainer = stuck_trainer()
    trainer.run_epochs(3000)
    controller.replace_session(trainer)
    history = trainer.sample_history
    assert len(plot.lines) == 4
    for j in range(4):
        x, y = plot.line_data(j)
        assert np.array_equal(x, np.arange(1, 3001))
        assert np.array_equal(y, [history.at(e)[j] for e in range(1, 3001)])
    assert sorted(plot.stuck_lines()) == [2, 3]  # as the finding names them
    last = history.at(3000)
    assert plot.readout.text() == "after epoch 3000: " + " · ".join(
        f"{j}: {fmt(v, controller.precision)}" for j, v in enumerate(last))


def test_a_hidden_plot_is_brought_up_to_date_when_shown(window, controller):
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentIndex(0)  # the mean loss plot in front
    assert controller.step_epoch()
    assert len(plot.line_data(0)[0]) == 0  # not drawn while hidden
    window.bottom_tabs.setCurrentWidget(plot)
    x, y = plot.line_data(0)
    assert list(x) == [1.0] and y[0] == controller.trainer.sample_history.at(1)[0]


def test_each_samples_losses_survive_save_and_reopen(window, controller, tmp_path):
    """A saved session keeps every sample's losses: reopened, the lines start at epoch 1 with the
    same numbers and the stuck samples are still drawn thick (the finding needs their history)."""
    plot = window.plot and window.sample_plot
    window.bottom_tabs.setCurrentWidget(plot)
    trainer = stuck_trainer()
    trainer.run_epochs(3000)
    controller.replace_session(trainer)
    before = [plot.line_data(j) for j in range(4)]
    path = tmp_path / "stuck.json"
    assert controller.save_file(path)
    controller.new_session()
    assert controller.open_file(path)
    for j in range(4):
        x, y = plot.line_data(j)
        assert np.array_equal(x, before[j][0]) and np.array_equal(y, before[j][1])
    assert sorted(plot.stuck_lines()) == [2, 3]
