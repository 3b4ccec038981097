"""core.hidden decides which mean losses and per-sample lines give a practice answer (ŷ) away."""

from xorgui.core.hidden import Hidden

ASKS_Y = Hidden(sample=2, values=frozenset({("D0", "a")}), prediction=True, walk_text=True)
ASKS_UNIT = Hidden(sample=2, values=frozenset({("Z1", "a")}), prediction=False, walk_text=True)


def test_only_the_current_weights_mean_loss_is_hidden_while_y_is_asked():
    # at the end of epoch 5: epoch 5's point is the current weights' loss; epoch 4's is not
    assert ASKS_Y.hides_mean_loss(5, 0, 5)
    assert not ASKS_Y.hides_mean_loss(5, 0, 4)
    assert not ASKS_Y.hides_mean_loss(5, 0, 0)  # the starting weights are older ones
    # mid-epoch (3 samples into epoch 6): every recorded epoch is older weights; the point now is not
    assert not ASKS_Y.hides_mean_loss(5, 3, 5)
    assert ASKS_Y.hides_mean_loss(5, 3, 5, 3)
    # before any training the epoch-0 point is the current weights'
    assert ASKS_Y.hides_mean_loss(0, 0, 0)


def test_no_mean_loss_is_hidden_unless_y_is_asked():
    for hidden in (ASKS_UNIT, Hidden()):
        assert not hidden.hides_mean_loss(5, 0, 5)
        assert not hidden.hides_mean_loss(0, 0, 0)
        assert not hidden.hides_mean_loss(5, 3, 5, 3)


def test_only_the_asked_samples_line_and_the_ranking_are_hidden():
    assert [j for j in range(4) if ASKS_Y.hides_sample_line(j)] == [2]
    assert ASKS_Y.hides_sample_losses
    for hidden in (ASKS_UNIT, Hidden()):
        assert not any(hidden.hides_sample_line(j) for j in range(4))
        assert not hidden.hides_sample_losses
