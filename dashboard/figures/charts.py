"""Figure builders: analytics frames in, ``go.Figure`` out (no files, no Dash).

One palette by organisation type across every chart, colour-blind safe
(Okabe–Ito, then Tol's muted scheme); Vietnamese labels and number format
unless ``lang="en"``; a readable empty state instead of blank axes.
Payloads are kept small: quarters on the x axis, at most ``MAX_ORGS``
organisations on a heat map.
"""

from __future__ import annotations

import functools
import math
import re
import textwrap
import html
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard.contract.documents import DEFAULT_CATALOGUE, document_name
from dashboard.contract.text import sort_key
from dashboard.contract.vocab import KIND_CODES, ORG_TYPE_CODES, kind_label, org_type_label
from dashboard.i18n import fmt_date, fmt_number, fmt_quarter, plotly_separators, t

# Okabe–Ito (8) then Tol muted: distinguishable with the common colour-vision deficiencies.
ORG_TYPE_COLOURS = dict(zip(ORG_TYPE_CODES, (
    "#D55E00", "#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#009E73", "#F0E442", "#882255",
    "#000000", "#44AA99", "#999999",
)))
KIND_COLOURS = dict(zip(KIND_CODES, ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#999999")))
MAX_ORGS = 60
# A document's axis label: ``35-NQ/TW (22/10/2018)``; a reference kept as written is cut here.
DOCUMENT_LABEL_CHARS = 48
TITLE_CHARS = 40  # a chart title's line: what a phone's card (≈ 330 px at 16 px) shows whole
LEGEND_ENTRY_PX = 165  # a legend entry's width: two a row in a phone's card
BASE_TOP = 110  # the top margin the figures' heights were drawn for (a one-line title, a two-row legend)

_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"

# Plotly reads a subset of HTML (<a href>, <b>, <br>, <span style>, ...) in every tick label,
# hover text, text label, legend entry, annotation and treemap label: a name typed as
# '<a href="…">' would become a link. So every builder draws its frame's text only once
# ``draws_text`` has escaped it. Templates (hovertemplate, texttemplate) are the app's own
# text and keep their <br>.
_MARKUP = "[&<>]"


def plotly_text(value: object) -> object:
    """``value`` as Plotly shows it literally (``&``, ``<``, ``>`` as entities); anything not text unchanged."""
    if not isinstance(value, str):
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrapped(label: str, width: int = 24) -> str:
    """A long axis label on lines of about ``width`` characters (``<br>``; words whole), so that a phone keeps
    room for the plot: "Chi bộ Cơ quan Chính quyền phường" takes two short lines, not one long one."""
    # A number stays with its word ("số 10", "Tổ 5"): textwrap does not break at a no-break space.
    kept = re.sub(r"(?<=\S) (?=\d+\b)", "\u00a0", str(label))
    return "<br>".join(line.replace("\u00a0", " ") for line in textwrap.wrap(kept, width, break_long_words=False)) or str(label)


def label_rows(labels) -> int:
    """The most lines any of ``labels`` (from ``wrapped``) takes."""
    return max((str(label).count("<br>") + 1 for label in labels), default=1)


def as_plotly_text(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text column escaped by ``plotly_text`` (a new frame; codes and numbers unchanged).

    Every text column, not a chosen few: names, documents and any column a
    builder starts to draw later are covered alike, and a code (``2025-Q2``,
    ``chi_bo``) has nothing to escape.
    """
    escaped = {}
    for column in frame.columns:
        values = frame[column]
        if not (pd.api.types.is_string_dtype(values) or pd.api.types.is_object_dtype(values)):
            continue
        marked = values.astype("string").str.contains(_MARKUP, regex=True).fillna(False).astype(bool)
        if marked.any():
            escaped[column] = values.mask(marked, values[marked].map(plotly_text))
    return frame.assign(**escaped) if escaped else frame


def draws_text(builder: Callable[..., go.Figure]) -> Callable[..., go.Figure]:
    """Mark a figure builder: its frame (first argument) reaches it with every text escaped."""
    @functools.wraps(builder)
    def build(frame: pd.DataFrame, *args, **kwargs) -> go.Figure:
        return builder(as_plotly_text(frame), *args, **kwargs)

    build.draws_text = True
    return build


def document_label(identity: str) -> str:
    """A document's short axis label: ``35-NQ/TW (22/10/2018)`` for an identity, the text itself otherwise.

    Identities (``35-NQ/TW@2018-10-22``) are for machines; the code and the
    issue date are what a leader reads, and together they tell the 2017 and
    2022 documents of one number apart. A document without a code keeps its
    name (``Nghị quyết Đại hội XIII (01/02/2021)``); a reference kept as
    written is shown as written, cut to ``DOCUMENT_LABEL_CHARS``.
    """
    if (doc := DEFAULT_CATALOGUE.get(identity)) is not None:
        return f"{doc.code or doc.name} ({fmt_date(doc.issued)})"
    written, at, when = identity.rpartition("@")
    if at and written:
        try:
            return f"{written} ({fmt_date(pd.Timestamp(when))})"
        except ValueError:
            pass
    return identity if len(identity) <= DOCUMENT_LABEL_CHARS else identity[:DOCUMENT_LABEL_CHARS - 1] + "…"


def document_hover(identity: str) -> str:
    """A document's full name for the hover box: ``Nghị quyết số 35-NQ/TW ngày 22/10/2018``, then its title."""
    doc = DEFAULT_CATALOGUE.get(identity)
    title = doc.title if doc is not None and doc.title else ""
    if len(title) > 90:
        title = title[:89] + "…"
    return plotly_text(document_name(identity)) + (f"<br>{plotly_text(title)}" if title else "")


def document_axis(identities) -> tuple[list[str], list[str]]:
    """Axis labels and hover names for documents as a figure's frame holds them (escaped).

    Labels are unique: a heat map or a bar chart puts equal labels on one row,
    so a label two documents share is followed by the identity.
    """
    plain = [html.unescape(str(i)) for i in identities]
    labels = [document_label(i) for i in plain]
    counts = {label: labels.count(label) for label in labels}
    labels = [label if counts[label] == 1 else f"{label} · {i}" for label, i in zip(labels, plain)]
    return [plotly_text(label) for label in labels], [document_hover(i) for i in plain]


def figure(traces: list, title: str, lang: str, height: int = 360, xaxis: dict | None = None,
           yaxis: dict | None = None, bottom: int = 10, **layout) -> go.Figure:
    """A figure with the house layout, built in one go.

    The whole layout is given to the constructor: Plotly's ``update_layout``
    and ``update_xaxes`` walk and validate every property path again and
    cost ≈ 8 ms a figure, the constructor ≈ 1 ms. ``height`` is that of the
    plot with a one-line title and a one-row legend; a longer title or legend
    adds its own room above it.
    """
    # Plotly never wraps a title: a long one is wrapped here, so a phone's narrow card shows all of it.
    lines = textwrap.wrap(title, TITLE_CHARS, break_long_words=False) or [title]
    # The legend sits between the title and the plot; the top margin holds both, counted for a phone's card,
    # where entries of LEGEND_ENTRY_PX go two a row (Plotly does not grow the margin for a legend by itself).
    named = [trace for trace in traces if getattr(trace, "name", None) and getattr(trace, "showlegend", None) is not False]
    shown = [trace for trace in named if getattr(trace, "showlegend", None) or len(named) > 1]
    legend_rows = math.ceil(len(shown) / 2)
    top = 16 + 22 * len(lines) + (20 * legend_rows + 12 if legend_rows else 0)
    return go.Figure(data=traces, layout={
        "title": {"text": "<br>".join(lines), "x": 0, "xanchor": "left", "y": 0.98, "yanchor": "top",
                  "yref": "container", "font": {"size": 16}},
        "separators": plotly_separators(lang),
        "font": {"family": _FONT, "size": 13},
        "margin": {"l": 10, "r": 10, "t": top, "b": bottom},
        "height": height + top - BASE_TOP,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "font": {"size": 12},
                   "entrywidth": LEGEND_ENTRY_PX},
        "plot_bgcolor": "white",
        "hoverlabel": {"font": {"family": _FONT}},
        "xaxis": {"automargin": True, "showgrid": False, "tickangle": -45, **(xaxis or {})},
        "yaxis": {"automargin": True, "gridcolor": "#e5e5e5", **(yaxis or {})},
        **layout,
    })


def count_axis(largest: float, **axis) -> dict:
    """An axis of whole counts: integer ticks (never "0,5" of a conference), one a step while the counts are few."""
    return {"tickformat": ",d", "rangemode": "tozero", **({"dtick": 1} if largest <= 8 else {}), **axis}


def empty_figure(title: str, lang: str, message_key: str = "empty") -> go.Figure:
    """A titled figure that says why it is empty."""
    message = {"text": t(message_key, lang), "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper",
               "yref": "paper", "font": {"size": 14, "color": "#555"}}
    return figure([], title, lang, height=260, xaxis={"visible": False}, yaxis={"visible": False},
                  annotations=[message])


@draws_text
def activity_by_kind(activity: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """Stacked bars: conferences per quarter by kind (from ``quarterly_activity(by="kind")``)."""
    title = t("chart_activity", lang)
    if activity.empty or activity["conferences"].sum() == 0:
        return empty_figure(title, lang)
    traces = []
    labels = [fmt_quarter(q, lang) for q in sorted(activity["quarter"].unique())]
    for kind in [k for k in KIND_CODES if k in set(activity["kind"])]:
        rows = activity[activity["kind"] == kind].sort_values("quarter")
        if rows["conferences"].sum() == 0:
            continue
        traces.append(go.Bar(
            x=[fmt_quarter(q, lang) for q in rows["quarter"]], y=rows["conferences"], name=kind_label(kind, lang),
            marker_color=KIND_COLOURS[kind], customdata=[[q, kind] for q in rows["quarter"]],
            hovertemplate="%{x}<br>" + kind_label(kind, lang) + ": %{y}<extra></extra>",
        ))
    largest = activity.groupby("quarter")["conferences"].sum().max()
    return figure(traces, title, lang, barmode="stack", xaxis={"categoryorder": "array", "categoryarray": labels},
                  yaxis=count_axis(largest, title=t("axis_conferences", lang)))


@draws_text
def attendees_trend(activity: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """Bars of person-visits per quarter with Party members as a line."""
    title = t("chart_attendees", lang)
    if activity.empty or activity["attendees"].sum() == 0:
        return empty_figure(title, lang)
    x = [fmt_quarter(q, lang) for q in activity["quarter"]]
    traces = [
        go.Bar(x=x, y=activity["attendees"], name=t("axis_attendees", lang), marker_color="#0072B2",
               customdata=activity["quarter"], hovertemplate="%{x}: %{y:,}<extra></extra>"),
        go.Scatter(x=x, y=activity["party_members_attending"], name=t("col_party_members", lang),
                   mode="lines+markers", line={"color": "#D55E00"}, hovertemplate="%{x}: %{y:,}<extra></extra>"),
    ]
    return figure(traces, title, lang, yaxis=count_axis(activity["attendees"].max(), title=t("axis_attendees", lang)))


@draws_text
def mix_over_quarters(mix: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """Stacked bars: attendees per quarter by organisation type (``attendee_mix(by="org_type")``)."""
    title = t("chart_mix", lang)
    if mix.empty:
        return empty_figure(title, lang)
    traces = []
    quarters = sorted(mix["quarter"].unique())
    for org_type in [o for o in ORG_TYPE_CODES if o in set(mix["org_type"])]:
        rows = mix[mix["org_type"] == org_type].set_index("quarter").reindex(quarters)
        traces.append(go.Bar(
            x=[fmt_quarter(q, lang) for q in quarters], y=rows["attendees"], name=org_type_label(org_type, lang),
            marker_color=ORG_TYPE_COLOURS[org_type], customdata=[[q, org_type] for q in quarters],
            hovertemplate="%{x}<br>" + org_type_label(org_type, lang) + ": %{y:,}<extra></extra>",
        ))
    return figure(traces, title, lang, height=400, barmode="stack",
                  yaxis={"title": t("axis_attendees", lang), "tickformat": ",d"})  # 1.500, not 1500


@draws_text
def mix_treemap(mix: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """Treemap of one quarter's attendees: organisation type → organisation (``by="organization"``)."""
    title = t("chart_mix_quarter", lang)
    if mix.empty or mix["attendees"].sum() == 0:
        return empty_figure(title, lang)
    mix = _top_with_rest(mix, lang)
    types = mix.groupby("org_type", as_index=False)["attendees"].sum()
    type_labels = [org_type_label(o, lang) for o in types["org_type"]]
    ids = list(types["org_type"]) + [f"{o}/{n}" for o, n in zip(mix["org_type"], mix["organization"])]
    treemap = go.Treemap(
        ids=ids,
        labels=type_labels + list(mix["organization"]),
        parents=[""] * len(types) + list(mix["org_type"]),
        values=list(types["attendees"]) + list(mix["attendees"]),
        branchvalues="total",
        marker={"colors": [ORG_TYPE_COLOURS.get(o, "#999") for o in types["org_type"]]
                + [ORG_TYPE_COLOURS.get(o, "#999") for o in mix["org_type"]]},
        texttemplate="%{label}<br>%{value:,}",
        hovertemplate="%{label}: %{value:,}<extra></extra>",
    )
    # Tiles too small for 12 px text show none (hover still names them) rather than unreadable specks.
    return figure([treemap], title, lang, height=420, uniformtext={"minsize": 12, "mode": "hide"})


def _top_with_rest(mix: pd.DataFrame, lang: str, keep: int = 3 * MAX_ORGS) -> pd.DataFrame:
    """The ``keep`` largest organisations; the rest summed per type, so a city's payload stays small."""
    if len(mix) <= keep:
        return mix
    ranked = mix.sort_values("attendees", ascending=False)
    rest = (ranked.iloc[keep:].groupby("org_type", as_index=False)
            .agg(attendees=("attendees", "sum"), organization=("organization", "size")))
    other = "khác" if lang == "vi" else "others"
    rest = rest.assign(organization=[f"{org_type_label(o, lang)}: {n} {other}" for o, n in
                                     zip(rest["org_type"], rest["organization"])])
    return pd.concat([ranked.iloc[:keep], rest], ignore_index=True)


@draws_text
def org_attendance_rate(mix: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """Horizontal bars: each organisation's person-visits per quarter of the selection, its members beside.

    A count a leader reads at once ("Chi bộ số 3: 24 lượt mỗi quý, 30 đảng viên") instead of a ratio of
    visits to members that passes 1 when an organisation came to several conferences. The quarters are
    those of the selection that held a conference, so an organisation that missed one counts it as 0.
    """
    title = t("chart_org_rate", lang)
    if mix.empty or "organization" not in mix:
        return empty_figure(title, lang)
    quarters = max(int(mix["quarter"].nunique()), 1)
    rows = (mix.groupby(["organization", "org_type"], as_index=False)
            .agg(attendees=("attendees", "sum"), members=("members", "last")) if "members" in mix else
            mix.groupby(["organization", "org_type"], as_index=False).agg(attendees=("attendees", "sum")).assign(
                members=pd.NA))
    rows = rows.assign(per_quarter=rows["attendees"] / quarters).sort_values(["per_quarter", "organization"],
                                                                             kind="stable").tail(MAX_ORGS)
    members = [fmt_number(m, lang) if pd.notna(m) else "–" for m in rows["members"]]
    bars = go.Bar(
        y=rows["organization"], x=rows["per_quarter"], orientation="h",
        marker_color=[ORG_TYPE_COLOURS.get(o, "#999") for o in rows["org_type"]],
        customdata=[[a, m] for a, m in zip(rows["attendees"], members)],
        hovertemplate=("%{y}<br>%{x:,.1f} " + t("org_rate_per_quarter", lang) + "<br>%{customdata[0]:,} "
                       + t("org_rate_total", lang, quarters=quarters) + "<br>%{customdata[1]} "
                       + t("org_rate_members", lang) + "<extra></extra>"),
    )
    names = list(rows["organization"])
    axis = {"tickmode": "array", "tickvals": names, "ticktext": [wrapped(n) for n in names], "automargin": True,
            "tickfont": {"size": 12}, "ticklabelstandoff": 6}
    return figure([bars], title, lang,
                  height=max(320, (14 * label_rows(axis["ticktext"]) + 8) * len(rows) + 140),
                  xaxis={"title": t("axis_visits_per_quarter", lang), "rangemode": "tozero"}, yaxis=axis)


@draws_text
def gaps_heatmap(gaps: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """Organisations × quarters: attendees; missed cells marked in their own colour, blank where nothing was held.

    Every organisation has its label (Plotly would drop every other one), in
    Vietnamese dictionary order with numbers by value (``số 2`` before
    ``số 10``); the scale starts at a visible blue, so one attendee never looks
    like a blank cell.
    """
    title = t("chart_gaps", lang)
    if gaps.empty:
        return empty_figure(title, lang)
    totals = gaps.groupby(["organization", "org_type"], as_index=False)["attendees"].sum()
    names = sorted(totals["organization"].astype(str), key=sort_key)
    order = totals.set_index("organization").loc[names].reset_index()
    order = order.sort_values("org_type", kind="stable").head(MAX_ORGS)
    shown = gaps[gaps["organization"].isin(order["organization"])]
    grid = (shown.pivot_table(index="organization", columns="quarter", values="attendees", aggfunc="sum")
            .reindex(order["organization"]))
    missed = (shown.pivot_table(index="organization", columns="quarter", values="missed", aggfunc="max")
              .reindex(index=grid.index, columns=grid.columns)) if "missed" in shown else None
    x = [fmt_quarter(q, lang) for q in grid.columns]
    y = list(grid.index)
    attended = go.Heatmap(
        z=grid.where(grid > 0).to_numpy(), x=x, y=y, customdata=[list(grid.columns)] * len(grid),
        colorscale=[[0, "#9ecae1"], [1, "#08306b"]], hoverongaps=False, zmin=1,
        hovertemplate="%{y}<br>%{x}: %{z:,}<extra></extra>",
        # Below the chart, across: beside it, a phone's width would go to the colour bar instead of the cells.
        colorbar={"title": {"text": t("axis_attendees", lang), "side": "top"}, "tickformat": ",d",
                  "orientation": "h", "y": 0.01, "yanchor": "bottom", "yref": "container", "thickness": 12,
                  "len": 0.6, "x": 0, "xanchor": "left", "xref": "container"}, xgap=1, ygap=1,
    )
    traces = [attended]
    if missed is not None and missed.fillna(False).astype(bool).to_numpy().any():
        flag = missed.fillna(False).astype(bool)
        traces.append(go.Heatmap(
            z=flag.where(flag).astype("float").to_numpy(), x=x, y=y, customdata=[list(grid.columns)] * len(grid),
            colorscale=[[0, "#f4a582"], [1, "#f4a582"]], showscale=False, hoverongaps=False, xgap=1, ygap=1,
            hovertemplate="%{y}<br>%{x}: " + t("gaps_missed_cell", lang) + "<extra></extra>",
            name=t("gaps_missed_cell", lang)))
        # A heatmap has no legend entry of its own: a square marker stands for the orange cells.
        traces.append(go.Scatter(x=[None], y=[None], mode="markers", hoverinfo="skip",
                                 marker={"symbol": "square", "size": 12, "color": "#f4a582"},
                                 name=t("gaps_missed_cell", lang), showlegend=True))
    ticktext = [wrapped(name) for name in y]
    axis = {"autorange": "reversed", "tickmode": "array", "tickvals": y, "ticktext": ticktext, "tickfont": {"size": 12},
            "automargin": True}
    return figure(traces, title, lang, height=max(360, (14 * label_rows(ticktext) + 8) * len(grid) + 200), yaxis=axis,
                  bottom=90)  # the colour bar lies across the bottom


@draws_text
def coverage_heatmap(coverage_by_quarter: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """Documents × quarters: number of conferences that disseminated each document."""
    title = t("chart_coverage", lang)
    if coverage_by_quarter.empty:
        return empty_figure(title, lang)
    grid = coverage_by_quarter.pivot_table(index="document", columns="quarter", values="conferences",
                                           aggfunc="sum", fill_value=0)
    # Rows named by a short label; the identity, which a click filters by, rides in customdata.
    labels, names = document_axis(grid.index)
    heatmap = go.Heatmap(
        z=grid.where(grid > 0).to_numpy(), x=[fmt_quarter(q, lang) for q in grid.columns],
        y=labels, customdata=[[d] * len(grid.columns) for d in grid.index],
        text=[[name] * len(grid.columns) for name in names],
        colorscale="Oranges", hovertemplate="%{text}<br>%{x}: %{z}<extra></extra>", xgap=1, ygap=1,
        colorbar={"tickformat": ",d", "title": t("axis_conferences", lang),
                  **({"dtick": 1} if float(grid.to_numpy().max()) <= 8 else {})},
    )
    return figure([heatmap], title, lang, height=max(320, 22 * len(grid) + 120), yaxis={"autorange": "reversed"})


def _target_marks(target: float, lang: str) -> tuple[dict, dict]:
    """The dashed target line of a rate chart and its label ("Chỉ tiêu 95%")."""
    label = f"{t('target', lang)} {target:.0%}"
    line = {"type": "line", "x0": target, "x1": target, "xref": "x", "y0": 0, "y1": 1, "yref": "paper",
            "line": {"dash": "dash", "color": "#333"}}
    text = {"x": target, "xref": "x", "y": 1, "yref": "paper", "yanchor": "bottom", "showarrow": False,
            "text": label.replace(".", ",") if lang == "vi" else label}
    return line, text


@draws_text
def study_rate_bars(coverage: pd.DataFrame, target: float, lang: str = "vi") -> go.Figure:
    """Study rate per document against the target line (``topic_coverage``)."""
    title = t("chart_study_rate", lang)
    rows = coverage.dropna(subset=["study_rate"]) if not coverage.empty else coverage
    if rows.empty:
        return empty_figure(title, lang)
    rows = rows.sort_values("study_rate")
    colours = ["#009E73" if r >= target else "#D55E00" for r in rows["study_rate"]]
    labels, names = document_axis(rows["document"])
    bars = go.Bar(
        y=labels, x=rows["study_rate"], orientation="h", marker_color=colours, hovertext=names,
        # [identity, studied, total]: a click picks the document by its identity.
        customdata=rows[["document", "party_members_studied", "party_members_total"]].to_numpy(dtype=object),
        hovertemplate="%{hovertext}<br>%{customdata[1]:,} / %{customdata[2]:,} = %{x:.1%}<extra></extra>",
    )
    target_line, target_label = _target_marks(target, lang)
    return figure([bars], title, lang, height=max(320, 24 * len(rows) + 120),
                  xaxis={"range": [0, 1.05], "tickformat": ".0%", "title": t("axis_rate", lang)},
                  shapes=[target_line], annotations=[target_label])


@draws_text
def cell_study_bars(cells: pd.DataFrame, target: float, lang: str = "vi") -> go.Figure:
    """One document's study rate chi bộ by chi bộ against the target (``study_by_cell``): who is below it.

    Chi bộ without a member count are left out (they are not counted in the rate); the lowest first, so the
    ones to follow up are on top.
    """
    rows = cells.dropna(subset=["rate"]) if not cells.empty else cells
    if rows.empty:
        return empty_figure(t("chart_cells", lang), lang)
    document = str(rows["document"].iloc[0])
    title = f"{t('chart_cells', lang)}: {plotly_text(document_label(html.unescape(document)))}"
    rows = rows.sort_values(["rate", "organization"], ascending=[False, True], kind="stable")
    colours = ["#009E73" if r >= target else "#D55E00" for r in rows["rate"]]
    bars = go.Bar(
        y=rows["organization"], x=rows["rate"], orientation="h", marker_color=colours,
        customdata=rows[["unit", "studied", "expected"]].to_numpy(dtype=object),
        hovertemplate="%{y} (%{customdata[0]})<br>%{customdata[1]:,} / %{customdata[2]:,} = %{x:.1%}<extra></extra>",
    )
    target_line, target_label = _target_marks(target, lang)
    ticktext = [wrapped(name) for name in rows["organization"]]
    axis = {"tickmode": "array", "tickvals": list(rows["organization"]), "ticktext": ticktext, "automargin": True,
            "tickfont": {"size": 12}, "ticklabelstandoff": 6}
    return figure([bars], title, lang, height=max(320, (14 * label_rows(ticktext) + 8) * len(rows) + 140),
                  xaxis={"range": [0, 1.05], "tickformat": ".0%", "title": t("axis_rate", lang)}, yaxis=axis,
                  shapes=[target_line], annotations=[target_label])

