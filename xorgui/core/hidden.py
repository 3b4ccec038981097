"""What the window hides while practice questions are open (see ``practice.hidden``, which makes it).

The one place that says which view gives which answer away; views render the flags it gives
(a question about... → what is hidden):

* a weighted sum or activation of a unit (``a_Z1``, ``z_Z1``): that value on the diagram's unit
  (its value, its a caption, its tooltip) and the unit's map over the input plane
  (:meth:`Hidden.hides_map`: its colour at the sample is the value, roughly);
* an output's activation, the prediction ŷ (:attr:`Hidden.prediction`): besides the above, the
  sample's ŷ, ok and loss in the truth table; the current weights' mean loss and the accuracy,
  which with the other samples' losses give it away: on the Run panel, and on the Loss tab
  (:meth:`Hidden.hides_mean_loss`) in the header, at that epoch's point of the curve, the hover
  dot, a marker there, and the epoch-0 or mid-epoch point when that is the current weights'; the
  sample's line and loss on the Per sample tab (:meth:`Hidden.hides_sample_line`: its end is its
  loss now) and the ranking of every sample's loss now (:attr:`Hidden.hides_sample_losses`); the
  decision boundary's crosses; and the boundary's colours for that output (``hides_map``, as for
  the output's sum);
* a delta (``δ_Z1``): that δ on the diagram (the a/δ caption, the tooltip);
* on the Why? tab (:meth:`Hidden.hides_finding`): a finding that says what a unit outputs for
  every sample while that unit's value is asked, and while ŷ is asked one that quotes the
  predictions or losses, and how many samples are wrong (``core.findings``, where the kinds of
  finding live, says which kinds quote what).

Gradients and updated weights are shown nowhere before their phase. The walk's whole text (the
Walkthrough tab's Copy and Export: every phase, ŷ and the new weights included) is withheld while
any question of the walk is still to be answered (:attr:`Hidden.walk_text`). Apart from practice.py so
that the views that honour it (the diagram, the truth table) load none of practice mode's
modules to start.
"""

from __future__ import annotations

from dataclasses import dataclass

NOTE = "hidden while you answer the practice questions"  # what a view says in place of what it hides


@dataclass(frozen=True)
class Hidden:
    """What the window must not show while practice questions are open, so that nothing on
    screen gives an answer away: for the walk's ``sample``, the unit values still asked
    (``values``: (unit name, "a" | "z" | "δ")) and whether its prediction ŷ and loss are (the
    truth table's row: the loss gives ŷ away); ``walk_text``: whether the walk's whole text
    (Copy, Export) must be withheld, as it answers every question still open or to come."""

    sample: int = -1
    values: frozenset[tuple[str, str]] = frozenset()
    prediction: bool = False
    walk_text: bool = False

    def hides(self, sample: int, unit: str, what: str) -> bool:
        """True if ``what`` ("a", "z" or "δ") of ``unit`` for ``sample`` must not be shown."""
        return sample == self.sample and (unit, what) in self.values

    def hides_prediction(self, sample: int) -> bool:
        return self.prediction and sample == self.sample

    def hides_mean_loss(self, epoch: int, cursor: int, at_epoch: int, at_cursor: int = 0) -> bool:
        """True if the mean loss of the weights the run had ``at_cursor`` samples into the epoch
        after ``at_epoch`` (0: at the end of epoch ``at_epoch``; epoch 0: the starting weights)
        must not be shown, the weights now being at (``epoch``, ``cursor``): those are the current
        weights, whose mean loss with the other samples' losses gives the asked ŷ away. After a
        weight edit the point (``epoch``, ``cursor``) is hidden all the same (the old weights')."""
        return self.prediction and (at_epoch, at_cursor) == (epoch, cursor)

    def hides_sample_line(self, j: int) -> bool:
        """True if sample ``j``'s loss now must not be shown, nor its line of losses per epoch
        (the Per sample tab): its end is that loss, which gives the asked ŷ away."""
        return self.hides_prediction(j)

    @property
    def hides_sample_losses(self) -> bool:
        """True if some sample's loss now is hidden (``hides_sample_line``): a ranking of every
        sample's loss now, which holds it, must not be drawn."""
        return self.prediction and self.sample >= 0

    def hides_map(self, unit: str) -> bool:
        """True if a map of ``unit`` over the input plane must not be drawn (its unit map on the
        diagram; for an output, the decision boundary's colours): its colour at the sample shows
        the unit's weighted sum and activation, one of which a question still asks for."""
        return (unit, "a") in self.values or (unit, "z") in self.values

    def hides_finding(self, quotes_predictions: bool, quotes_units: bool, units: tuple[str, ...] = ()) -> bool:
        """True if a Why? finding about ``units`` must not be shown: it quotes the predictions or
        losses (``quotes_predictions``) while ŷ is asked, or says what the units it names output
        for every sample (``quotes_units``) while one of their values is asked. Which kinds of
        finding quote what is said where they are defined, ``findings.QUOTES_PREDICTIONS``."""
        return (self.prediction and quotes_predictions) or (
            quotes_units and any(self.hides_map(unit) for unit in units))
