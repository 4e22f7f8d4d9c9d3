"""The planner app: the sidebar and one tab per view, composed over one data store."""

from __future__ import annotations

import asyncio
import concurrent.futures
import html
import weakref
from collections.abc import Callable
from typing import Any, ClassVar

import panel as pn
import param
from panel.links import Callback
from panel.reactive import Reactive, ReactiveHTML

from apps.planner import runner
from apps.planner.controls import Sidebar, changes, note, problems
from apps.planner.levers import LEVERS
from apps.planner.state import UNDOABLE, URL_NAMES, VIEWS, PlannerState
from apps.planner.views import TABS, TimeseriesView, View
from apps.texts import LANGUAGES, text

PREVIEW_DELAY_MS = 900
STALE_STYLE = """
.stale { background: #fff4e5; border-left: 4px solid #d9822b; padding: 8px 12px; color: #5c3b00;
  font-size: 13.5px; font-weight: 600; }
"""
HEADER_STYLE = """
:host { background: #1b2a41; color: white; padding: 10px 18px; }
h1 { font-size: 20px; margin: 0; font-weight: 600; letter-spacing: .2px; }
p { margin: 2px 0 0 0; color: #c5d0e0; font-size: 13px; }
"""


class PageLanguage(ReactiveHTML):
    """Sets the page's ``lang`` attribute (screen readers, hyphenation, the browser's
    translation offer) to the app's language."""

    lang = param.String(default="en")

    _template = '<span id="marker" style="display:none"></span>'
    _scripts: ClassVar[dict[str, str]] = {
        "render": "document.documentElement.lang = data.lang",
        "lang": "document.documentElement.lang = data.lang",
    }


class PlannerApp(pn.viewable.Viewer):
    """A header with the language switch, the sidebar, and the views as tabs."""

    state: PlannerState = param.ClassSelector(class_=PlannerState)  # type: ignore[assignment]

    def __init__(self, **params: Any) -> None:
        state = params.pop("state", None) or PlannerState(**params)
        super().__init__(state=state)
        self.views: dict[str, View] = {name: view(state=state) for name, view in TABS.items()}
        self._layout: pn.viewable.Viewable | None = None
        self._moves = 0
        self._preview: concurrent.futures.Future[None] | None = None
        # the server's event loop, where a preview runs (None outside a server: no preview)
        self.loop: asyncio.AbstractEventLoop | None = None
        # an upload is a move too, even one whose levers start where they stood
        state.param.watch(self._lever_moved, [*UNDOABLE, "scenario_version"])

    async def run(self, *_: Any) -> None:
        """Run the settings as they are; a run of these very settings already going on
        (a preview) is kept, not started again."""
        state = self.state
        if state.running and state.ran_with == state.settings_key():
            return
        await runner.run_streaming(state)

    def _lever_moved(self, *_: Any) -> None:
        """After a lever or setting moves or a scenario is uploaded, run by itself once they
        have been still for ``PREVIEW_DELAY_MS`` (in a served session, with the preview on)."""
        document = pn.state.curdoc
        if self.loop is None or document is None or document.session_context is None:
            return
        self._moves += 1
        moves = self._moves

        def due() -> None:
            state = self.state
            if moves == self._moves and state.preview and (state.stale() or state.ran_with is None):
                assert self.loop is not None
                self._preview = asyncio.run_coroutine_threadsafe(self.run(), self.loop)

        document.add_timeout_callback(due, PREVIEW_DELAY_MS)

    def restore_link(self) -> None:
        """Shortly after the page opens (served only), run again what a link shows: its
        results (a link copied after a run, whether or not the preview is on) and then its
        comparison."""
        state = self.state
        document = pn.state.curdoc
        if not (state.link_run or state.pending_compare) or self.loop is None or document is None:
            return
        if state.link_run:
            self._moves += 1  # the link's own levers: no preview of them besides this run

        async def restore() -> None:
            if state.link_run and (state.stale() or state.ran_with is None):
                await self.run()
            state.link_run = False
            if state.pending_compare:
                await runner.restore_comparison(state)

        def due() -> None:
            assert self.loop is not None
            asyncio.run_coroutine_threadsafe(restore(), self.loop)

        document.add_timeout_callback(due, PREVIEW_DELAY_MS)

    def timeseries(self) -> TimeseriesView:
        view = self.views["timeseries"]
        assert isinstance(view, TimeseriesView)
        return view

    def __panel__(self) -> pn.viewable.Viewable:
        if self._layout is None:
            self._layout = self._build()
        return self._layout

    def _build(self) -> pn.viewable.Viewable:
        state = self.state
        self.sidebar = Sidebar(state, on_run=self.run, png=self.timeseries().png)
        language = pn.widgets.RadioButtonGroup.from_param(
            state.param.language, options=list(LANGUAGES), button_type="light", width=110,
            sizing_mode=None,
        )  # fmt: skip
        self._pages = [pn.Column(self.views[view], sizing_mode="stretch_width") for view in VIEWS]
        self._tabs = pn.Tabs(
            *[(view, page) for view, page in zip(VIEWS, self._pages, strict=True)],
            dynamic=True,
            css_classes=["ek-results"],
        )
        self._tabs.active = VIEWS.index(state.view)
        self._tabs.param.watch(lambda event: setattr(state, "view", VIEWS[event.new]), "active")
        state.param.watch(
            lambda event: setattr(self._tabs, "active", VIEWS.index(event.new)), "view"
        )
        self._header = pn.pane.HTML(stylesheets=[HEADER_STYLE], sizing_mode="stretch_width")
        page_language = PageLanguage(lang=state.language, width=0, height=0, sizing_mode=None)
        state.param.watch(lambda event: setattr(page_language, "lang", event.new), "language")
        header = pn.Row(
            self._header, language, page_language, styles={"background": "#1b2a41"}, align="center"
        )
        levers = [lever.name for lever in LEVERS]
        self._stale = pn.pane.HTML(
            "", stylesheets=[STALE_STYLE], css_classes=["ek-stale"], visible=False,
            sizing_mode="stretch_width",
        )  # fmt: skip
        state.param.watch(
            lambda *_: self._mark_stale(),
            [*UNDOABLE, "scenario_version", "results_version", "language"],
        )
        main = pn.Column(
            note(
                state,
                changes,
                "results_version",
                "language",
                "scenario",
                "scenario_version",
                *levers,
            ),
            note(state, problems, "problems", "language"),
            self._stale,
            self._tabs,
            margin=(0, 10),
        )
        state.param.watch(lambda _: self._relabel(), "language")
        self._relabel()
        return pn.Column(header, pn.Row(self.sidebar, main), sizing_mode="stretch_width")

    def _relabel(self) -> None:
        lang = self.state.language
        self._header.object = f"<h1>{text('title', lang)}</h1><p>{text('subtitle', lang)}</p>"
        self._titles = [text(f"view_{view}", lang) for view in VIEWS]
        active = self._tabs.active
        # the browser redraws tab titles only with new tabs: the tabs go and come back
        self._tabs.clear()
        self._tabs.extend(list(zip(self._titles, self._pages, strict=True)))
        self._tabs.active = active

    def _mark_stale(self) -> None:
        """Grey the results and say so while they are for other settings than the levers'."""
        stale = self.state.stale()
        self._stale.object = (
            f'<div class="stale">{html.escape(text("stale", self.state.language))}</div>'
        )
        self._stale.visible = stale
        # explicit values: an emptied styles dict leaves the browser's old ones in place
        grey = {"opacity": "0.45", "filter": "grayscale(1)"}
        self._tabs.styles = grey if stale else {"opacity": "1", "filter": "none"}

    def results_styles(self) -> dict[str, str]:
        return dict(self._tabs.styles)

    def stale_note(self) -> pn.pane.HTML:
        return self._stale

    def tab_titles(self) -> list[str]:
        return list(self._titles)

    def release(self) -> None:
        """Let this app be freed once its session is gone (called when it is destroyed).

        Panel's editable sliders register a JavaScript callback from their text box to their
        slider in ``Callback.registry``, a class-wide WeakKeyDictionary keyed by the text box.
        Its value (the callback, holding the slider, whose watchers hold the editable slider,
        which holds the text box) refers back to its own key, so the entry never goes, and
        through the slider's ``from_param`` watchers it kept the whole app alive: every
        session's widgets, results and frames. Unregistering the callbacks breaks that.
        """
        if self._layout is None:
            return
        for viewable in self._layout.select():
            if isinstance(viewable, Reactive):
                for callback in list(Callback.registry.get(viewable, [])):
                    callback.unwatch()


def create_app() -> PlannerApp:
    """One planner per browser session, restored from and mirrored to the URL."""
    app = PlannerApp()
    app.loop = _server_loop()
    location = pn.state.location
    if location is not None:
        app.state.restore(dict(location.query_params))
        location.sync(app.state, URL_NAMES)
        app.restore_link()
    if pn.state.curdoc is not None and pn.state.curdoc.session_context is not None:
        pn.state.on_session_destroyed(_releaser(weakref.ref(app)))
    return app


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the server serving this session (sessions are built in a worker
    thread, so not the running one); None outside a server."""
    document = pn.state.curdoc
    session = document.session_context if document is not None else None
    context = getattr(session, "server_context", None)
    application = getattr(context, "application_context", None)
    loop = getattr(application, "io_loop", None)
    found = getattr(loop, "asyncio_loop", loop)
    return found if isinstance(found, asyncio.AbstractEventLoop) else None


def _releaser(app: weakref.ref[PlannerApp]) -> Callable[[Any], None]:
    """The session-destroyed hook releasing the session's app (holding it weakly, so the hook
    itself keeps nothing alive; Bokeh requires exactly ``func(session_context)``)."""

    def release(session_context: Any) -> None:
        alive = app()
        if alive is not None:
            alive.release()

    return release
