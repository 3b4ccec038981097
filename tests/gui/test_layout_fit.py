"""Layout at a small screen (1024×700) and the default size: what must stay whole and readable."""

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from xorgui.core.presets import make_preset
from xorgui.gui.weight_diff_table import WeightDiffTable
from xorgui.gui.window_state import resize_within_screen

from .test_diagram_dense import assert_no_overlap, open_shape


@pytest.fixture
def window_size():
    return (1024, 700)


def settle(qtbot, view) -> None:
    """Let the panes follow a new session (queued resizes), then wait until the diagram is laid out
    for the size it ends up with."""
    qtbot.wait(10)
    qtbot.waitUntil(view.is_laid_out, timeout=5000)


def test_a_resized_pane_is_laid_out_once_its_size_settles(qtbot, controller):
    from PySide6.QtWidgets import QWidget

    from xorgui.gui.diagram import DiagramView

    from .test_diagram import units_on_screen

    pane = QWidget()  # the view inside a window, as in the app: its resizes take effect at once
    qtbot.addWidget(pane)
    pane.resize(1000, 700)
    view = DiagramView(controller, pane)
    view.resize(900, 600)
    pane.show()
    qtbot.waitExposed(pane)
    assert view.is_laid_out()
    width = view.scene().sceneRect().width()
    view.resize(700, 500)
    assert not view.is_laid_out() and view.scene().sceneRect().width() == width  # not on every step of a drag
    qtbot.waitUntil(view.is_laid_out, timeout=5000)
    assert view.scene().sceneRect().width() == view.viewport().width() == 700
    assert units_on_screen(view)
    view.zoom_in()
    view.resize(600, 400)
    assert view.is_laid_out()  # zoomed in: the layout stays as it is
    view.reset_zoom()
    pane.hide()
    view.resize(500, 300)
    assert view.is_laid_out()  # hidden: laid out when shown again, for the size it has then


def test_a_2_8_8_1_network_fitted_at_1024_shows_its_output_unit_whole(window, controller, tmp_path):
    open_shape(controller, tmp_path, [2, 8, 8, 1])
    view = window.diagram
    view.reset_zoom()
    (output,) = [n for (layer, _), n in view.nodes.items() if layer == 3]
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(output.sceneBoundingRect())
    assert view.horizontalScrollBar().maximum() == 0 and view.verticalScrollBar().maximum() == 0
    assert output.value_item.isVisible() and output.value_item.font().pixelSize() >= 11


def tick_texts_in_widget(plot_widget):
    """Every tick label of the left axis lies inside the plot widget (none cut at the top)."""
    axis = plot_widget.getPlotItem().getAxis("left")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    _, _, texts = axis.generateDrawSpecs(painter)
    painter.end()
    assert texts
    widget = QRectF(plot_widget.rect())
    for rect, _, text in texts:
        on_screen = plot_widget.mapFromScene(axis.mapRectToScene(rect)).boundingRect()
        assert widget.contains(QRectF(on_screen)), text


def test_the_top_tick_label_of_the_loss_and_sample_plots_is_not_clipped(window, controller, qtbot):
    for _ in range(30):
        controller.step_epoch()
    tick_texts_in_widget(window.plot.plot_widget)
    window.bottom_tabs.setCurrentWidget(window.sample_plot)
    qtbot.waitUntil(lambda: window.sample_plot.isVisible())
    tick_texts_in_widget(window.sample_plot.plot_widget)


def test_the_sample_legend_is_beside_the_plot_and_the_header_above_it(window, controller, qtbot):
    window.plot  # built when asked for (the program builds it after its first paint; this tab when first shown)
    window.bottom_tabs.setCurrentWidget(window.sample_plot)
    plot = window.sample_plot
    qtbot.waitUntil(plot.isVisible)
    for _ in range(10):
        controller.step_epoch()
    assert plot.legend_names() == ["sample 0: (0, 0) → 0", "sample 1: (0, 1) → 1",
                                   "sample 2: (1, 0) → 1", "sample 3: (1, 1) → 0"]
    assert plot.legend.isVisible()
    assert plot.legend.geometry().left() >= plot.plot_widget.geometry().right()  # hides no curve
    assert plot.legend.width() <= plot.width() * 2 // 5  # and leaves the plot most of the pane
    # a long header (data of many samples) keeps its wrapped lines clear of the plot
    plot.readout.setText("wrapped " * 80)
    qtbot.wait(50)
    readout = plot.readout
    assert readout.height() >= readout.heightForWidth(readout.width())
    assert readout.geometry().bottom() < plot.plot_widget.geometry().top()
    axis = plot.plot_widget.getPlotItem().getAxis("left")
    assert axis.label.boundingRect().width() <= axis.geometry().height()  # the y title whole


def test_the_lottery_dialog_fits_the_available_screen(window):
    from xorgui.gui.lottery_dialog import show_lottery

    dialog = show_lottery(window)
    area = dialog.screen().availableGeometry()  # 800×800 offscreen
    least = dialog.minimumSizeHint()
    assert least.width() <= 1024 - 16 and least.height() <= 700 - 40  # a 1024×700 screen shows it whole
    assert dialog.height() <= area.height() - 40
    assert dialog.width() <= max(area.width() - 16, least.width()) < 1100
    assert dialog.criterion.isEnabled()  # normal text: it defines the headline number
    dialog.close()


def test_resize_within_screen_keeps_a_size_that_fits(qtbot):
    table = WeightDiffTable()
    qtbot.addWidget(table)
    resize_within_screen(table, 300, 200)
    assert (table.width(), table.height()) == (300, 200)
    area = table.screen().availableGeometry()
    resize_within_screen(table, area.width() + 500, area.height() + 500)
    assert table.width() < area.width() and table.height() < area.height()


FIRST_START = """
import json
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from xorgui.gui.controller import Controller
from xorgui.gui.main_window import MainWindow
settings = QSettings("settings.ini", QSettings.Format.IniFormat)  # a first start (in the test's folder)
window = MainWindow(Controller(), settings)
window.show()
app.processEvents()
shown = {"window": window.frameGeometry().getRect(), "screen": window.screen().availableGeometry().getRect()}
for menu, item in MENU_WINDOWS:
    (action,) = [a for m in window.menuBar().actions() if m.text() == menu for a in m.menu().actions()
                 if a.text() == item]
    before = set(app.topLevelWidgets())
    action.trigger()
    app.processEvents()
    (dialog,) = [w for w in app.topLevelWidgets() if w not in before and w.isVisible()]
    shown[item] = dialog.frameGeometry().getRect()
    dialog.close()
print(json.dumps(shown))
"""
# the big windows a menu opens, and the size each asks for where it fits
MENU_WINDOWS = [("&Help", "&Back-propagation explained…"), ("&Help", "The article's &errata…"),
                ("&Run", "Check My &Worksheet…"), ("E&xperiments", "&Twin run…"),
                ("E&xperiments", "Initialization &lottery…")]
ASKED = {"&Back-propagation explained…": (980, 720), "The article's &errata…": (960, 580),
         "Check My &Worksheet…": (980, 560), "&Twin run…": (960, 620), "Initialization &lottery…": (1100, 760)}


@pytest.mark.process
@pytest.mark.parametrize("screen, want", [((1024, 600), (1008, 560)), ((1024, 700), (1008, 660)),
                                          ((1600, 1000), (1400, 860))], ids=["1024x600", "1024x700", "1600x1000"])
def test_a_first_start_and_the_windows_its_menus_open_are_whole_on_the_screen(tmp_path, screen, want):
    """A first start (no remembered geometry) opens at 1400×860 where that fits; on a 1024×700
    screen the whole window, frame included, is on the screen (it was 380×164 pixels past it), and
    so is each big window a menu opens (Help's was 24 pixels past it); on a big screen each window
    has the size it asks for. A smaller screen gives the window its free area less 16 × 40 px for a
    frame (it was 1008×668 on a 1024×600 screen, the unfolded settings' minimum height, though they start
    folded there)."""
    import json
    import os
    import subprocess
    import sys

    config = {"screens": [{"name": "screen", "x": 0, "y": 0, "width": screen[0], "height": screen[1],
                           "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
    (tmp_path / "screen.json").write_text(json.dumps(config))
    # a path without a drive letter: Qt splits the platform's options at colons
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen:configfile=screen.json")
    code = f"MENU_WINDOWS = {MENU_WINDOWS!r}\n{FIRST_START}"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    shown = json.loads(done.stdout.splitlines()[-1])
    ax, ay, aw, ah = shown.pop("screen")
    assert (aw, ah) == screen
    assert set(shown) == {"window", *(item for _, item in MENU_WINDOWS)}
    for name, (x, y, width, height) in shown.items():
        assert ax <= x and ay <= y and x + width <= ax + aw and y + height <= ay + ah, name
    assert shown["window"][2:] == [want[0] + 4, want[1] + 4]  # the offscreen frame: 2 px a side
    if screen == (1600, 1000):
        for item, (width, height) in ASKED.items():
            assert shown[item][2:] == [width + 4, height + 4], item


def test_the_compare_table_columns_fill_its_width(shown):
    from xorgui.core.weight_diff import WeightRow

    table = shown(WeightDiffTable(), 700, 400)
    table.show_rows([WeightRow("W10", 0.5, 0.25), WeightRow("V00", 1.0, 1.0)],
                    ("epoch 0", "epoch 400", "B − A"), 4)
    widths = [table.columnWidth(c) for c in range(4)]
    assert sum(widths) == table.viewport().width()
    assert max(widths) - min(widths) < 60  # the spare room shared, not all given to one column


def test_unit_maps_too_small_to_read_say_zoom_in(window, controller):
    controller.load_example(make_preset("sigmoid"), "Sigmoid network")
    view = window.diagram
    window.units_action.setChecked(True)
    maps = [n.map for (layer, _), n in view.nodes.items() if layer > 0 and not n.bias]
    assert view.maps_note()  # pills at 1024×700: no pale strips, a note instead
    assert not any(m.isVisible() for m in maps)
    assert window.units_action.toolTip() == view.MAPS_TOO_SMALL
    assert "zoom in" in window.statusBar().currentMessage()
    for _ in range(4):
        view.zoom_in()
    assert not view.maps_note() and all(m.isVisible() for m in maps)
    assert window.units_action.toolTip() != view.MAPS_TOO_SMALL
    # the maps drawn after all: the status bar no longer says they are too small (it did for 10 s)
    assert window.statusBar().currentMessage() == ""


def test_the_decision_boundary_map_gets_the_room_at_1024(window, qtbot):
    window.bottom_tabs.setCurrentWidget(window.boundary)
    qtbot.waitUntil(window.boundary.isVisible)
    qtbot.wait(50)
    box = window.boundary.plot_widget.getPlotItem().getViewBox()
    (x0, x1), (y0, y1) = box.viewRange()
    assert box.height() >= 140  # was ~110 with the old split
    assert box.width() / box.height() == pytest.approx((x1 - x0) / (y1 - y0), rel=0.03)  # not stretched


def test_the_twin_window_gives_the_weights_their_width_and_the_plot_the_rest(window):
    from xorgui.gui.twin_dialog import show_twin

    dialog = show_twin(window)
    table = dialog.weights
    assert table.width() <= table.sizeHint().width() + 2 < dialog.plot.width()
    dialog.close()


# -- a network too big to fit legibly opens whole (issue: the output off-screen at first) --------
OPENED = [[2, 3, 1], [2, 8, 8, 1], [2, 16, 16, 1], [2, 8, 8, 8, 1], [2] + [3] * 8 + [1], [16] * 10]


def on_screen_px(item, scale):
    """A unit text's or title's pixel size as drawn on screen at the view's ``scale``."""
    return item.font().pixelSize() * item.scale() * scale


@pytest.mark.parametrize("window_size", [(1024, 700), (1400, 860)], ids=["1024x700", "1400x860"])
@pytest.mark.parametrize("layers", [pytest.param(s, marks=pytest.mark.slow) if s == [16] * 10 else s for s in OPENED],
                         ids=["-".join(map(str, s)) for s in OPENED])  # 16x10 (1.3 s a size): slow tier
def test_every_network_opens_whole_with_its_output_on_screen(window, controller, tmp_path, qtbot, layers):
    open_shape(controller, tmp_path, layers)
    view = window.diagram
    settle(qtbot, view)
    assert not view.is_zoomed()
    assert view.horizontalScrollBar().maximum() == 0 and view.verticalScrollBar().maximum() == 0
    area = view.viewport().rect()
    outputs = [n for (layer, _), n in view.nodes.items() if layer == len(layers) - 1]
    assert outputs and all(area.contains(view.mapFromScene(n.sceneBoundingRect()).boundingRect())
                           for n in view.nodes.values())
    # every text shown is legible; what is too small at this scale is hidden until one zooms in
    scale = view.transform().m11()
    assert scale <= 1.0
    for n in view.nodes.values():
        assert n.isVisible()
        for text in (n.name_item, n.value_item):
            assert not text.isVisible() or on_screen_px(text, scale) >= 7
    for title in view.titles.values():
        assert not title.isVisible() or on_screen_px(title, scale) >= 7
    for button in view.controls.values():
        assert not button.isVisible() or button.sceneBoundingRect().width() * scale >= 12
    assert all(view.labels[k].font().pixelSize() >= 11 for k in view.shown_weights())
    assert_no_overlap(view)
    # units too small to read: a note says how to read them, over no unit
    hint = view.zoom_hint
    assert hint.isVisible() == (not outputs[0].name_item.isVisible())
    if hint.isVisible():
        assert area.contains(hint.geometry())
        assert not any(hint.geometry().intersects(view.mapFromScene(n.sceneBoundingRect()).boundingRect())
                       for n in view.nodes.values())
    if scale == 1.0:  # what fits at its own size shows all of its texts
        assert all(n.name_item.isVisible() for n in view.nodes.values())
        assert all(t.isVisible() for t in view.titles.values())
    # zooming in brings the texts back, legible
    while not outputs[0].name_item.isVisible():
        view.zoom_in()
    assert on_screen_px(outputs[0].name_item, view.transform().m11()) >= 7 and not view.zoom_hint.isVisible()


def test_sixteen_inputs_leave_the_diagram_its_height_on_the_decision_boundary_tab(window, controller, tmp_path,
                                                                                   qtbot):
    """14 'held at' rows (~550 px) scroll beside the map instead of becoming every bottom tab's
    least height (the diagram was squeezed to 68 px at 1024x700, and stayed so on the Loss tab)."""
    open_shape(controller, tmp_path, [16, 4, 16])
    diagram = window.diagram
    settle(qtbot, diagram)
    before = diagram.height()
    window.bottom_tabs.setCurrentWidget(window.boundary)
    boundary = window.boundary
    qtbot.waitUntil(boundary.isVisible)
    qtbot.wait(50)  # the new tab's rows are laid out over a few passes of the event loop
    settle(qtbot, diagram)
    assert diagram.height() == before
    rows = [box for box in boundary.side.fixed_boxes if not box.isHidden()]
    assert len(rows) == 14
    area = boundary.side
    assert area.verticalScrollBar().maximum() > 0
    area.ensureWidgetVisible(rows[-1])  # every row can be reached
    assert area.viewport().rect().contains(rows[-1].mapTo(area.viewport(), rows[-1].rect().bottomRight()))
    window.bottom_tabs.setCurrentIndex(0)
    qtbot.wait(50)
    assert diagram.height() == before


@pytest.mark.parametrize("window_size", [(1400, 860)], ids=["1400x860"])
def test_the_deeper_example_shows_every_weight_label_at_1400(window, controller, qtbot):
    """File ▸ Examples ▸ Deeper network (2-4-4-1): all 37 labels when fitted, none overlapping."""
    controller.load_example(make_preset("deep"), "Deeper network")
    view = window.diagram
    settle(qtbot, view)
    assert view.controller.snapshot.layers == (2, 4, 4, 1) and not view.is_zoomed()
    assert view.shown_weights() == set(view.labels)
    assert_no_overlap(view)


@pytest.mark.parametrize("window_size", [(1024, 700), (1400, 860)], ids=["1024x700", "1400x860"])
def test_the_decision_boundary_map_fills_the_tab_at_one_scale(window, controller, qtbot, window_size):
    # the tab is wide and low: the map takes its width (more of the plane around the data), not
    # a square beside an empty column; both axes keep one scale, and the data stay in the middle
    from xorgui.core.surface import output_range, plane_for
    from xorgui.gui import heatmap

    boundary = window.boundary
    window.bottom_tabs.setCurrentWidget(boundary)
    qtbot.waitUntil(boundary.isVisible)
    qtbot.wait(50)
    box = boundary.plot_widget.getPlotItem().getViewBox()
    (x0, x1), (y0, y1) = box.viewRange()
    assert box.width() / box.height() == pytest.approx((x1 - x0) / (y1 - y0), rel=0.03)  # not stretched
    assert boundary.plot_widget.width() >= 0.6 * boundary.width()  # was 0.28 (1400) and 0.34 (1024)
    assert box.width() >= 2 * box.height()
    data = plane_for(controller.snapshot.inputs)
    assert (y0, y1) == pytest.approx(data.y_range, abs=0.02)  # the height shows the data as before
    assert (x0 + x1) / 2 == pytest.approx(sum(data.x_range) / 2, abs=0.02)
    # the diagram's unit maps draw the data's plane, the boundary its widened plane: with both on
    # screen neither gives way, and over the data they show the same values (one surface)
    window.units_action.setChecked(True)
    for _ in range(4):  # units large enough to draw their maps, at either size
        window.diagram.zoom_in()
    qtbot.wait(50)
    assert not window.diagram.maps_note()
    assert box.width() >= 2 * box.height() and box.viewRange() == [[x0, x1], [y0, y1]]
    plane = controller.surfaces.plane()
    assert plane.around_data() == plane_for(controller.snapshot.inputs, fixed=plane.fixed)
    rows, cols = plane.inner
    over_data = boundary.shown_image()[rows, cols]
    output = window.diagram.nodes[(2, 0)]  # D0, identity: coloured from its lowest to its highest over the data
    step = plane.resolution // heatmap.UNIT_PIXELS
    shown = over_data[::step, ::step]
    expected = heatmap.rgb(shown, *output_range("identity", controller.snapshot.targets[:, 0], shown))
    image = output.map.image
    for row, col in ((0, 0), (10, 40), (49, 49), (25, 3)):
        c = image.pixelColor(col, image.height() - 1 - row)
        assert (c.red(), c.green(), c.blue()) == tuple(expected[row, col])
    window.units_action.setChecked(False)
    qtbot.wait(50)
    assert box.width() >= 2 * box.height()
