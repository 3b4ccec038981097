"""One rule for whether Train, Step sample, Epoch and Step phase are offered: the controller
publishes it (RunControls), the Run menu, the control panel and the walkthrough panel apply it."""

from xorgui.core.divergence import NOT_FINITE
from xorgui.gui.run_controls import Offered, RunControls
from xorgui.gui.walkpanel import WalkthroughPanel


def test_the_rule_stuck_network_and_pause_exempt():
    assert RunControls.of("", False) == RunControls.of("", True) == RunControls()
    stuck = Offered(False, NOT_FINITE)
    assert RunControls.of(NOT_FINITE, False) == RunControls(stuck, stuck, stuck, stuck)
    assert RunControls.of(NOT_FINITE, True) == RunControls(Offered(), stuck, stuck, stuck)  # Pause stays


def test_the_controller_publishes_it_on_a_real_change_only(controller):
    seen = []
    controller.run_controls_changed.connect(seen.append)
    assert controller.run_controls == RunControls()
    controller.select_sample(1)
    assert seen == []  # published again: nothing about the controls changed
    controller.select_sample(0)
    controller.set_learning_rate(50)
    controller.step_epoch()  # epoch 1's loss is ∞
    assert seen == [RunControls.of(NOT_FINITE, False)] and controller.run_controls == seen[-1]
    controller.undo()
    assert seen[-1] == RunControls() and len(seen) == 2


def test_the_three_views_apply_the_controllers_state(qtbot, window, controller):
    walk = WalkthroughPanel(controller)
    qtbot.addWidget(walk)
    panel = window.panel
    controls = {"train": (window.train_action, panel.train_button),
                "step": (window.step_action, panel.step_button),
                "epoch": (window.epoch_action, panel.epoch_button),
                "phase": (window.phase_action, walk.step_button)}
    own = {kind: [c.toolTip() for c in pair] for kind, pair in controls.items()}
    assert all(c.isEnabled() for pair in controls.values() for c in pair)
    controller.set_learning_rate(50)
    controller.step_epoch()
    for kind, pair in controls.items():
        for control in pair:
            assert not control.isEnabled() and control.toolTip() == NOT_FINITE, (kind, control)
    assert window.step_action.statusTip() == NOT_FINITE
    controller.undo()
    for kind, pair in controls.items():
        assert all(c.isEnabled() for c in pair)
        assert [c.toolTip() for c in pair] == own[kind]
