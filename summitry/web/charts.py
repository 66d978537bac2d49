"""Charts as SVG made on the server: Vega-Lite specifications (altair) rendered by vl-convert, so no
script or CDN reaches the browser. Bars by period, and lines over time with one series per speaker,
term or measure: axis titles, a tick for each year or month, a legend, a shape per series so that
overlapping points stay apart, a hover title on every point and a link from each to what was said.

A period is a year ("2024"), a month ("2024-03") or a day ("2024-03-15"); the x axis ticks by the
coarsest of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import altair as alt
import vl_convert
from markupsafe import Markup

WIDTH, HEIGHT = 640, 240
# vl-convert resolves relative links against the Vega datasets' address: they are put back as given
_LOADER_BASE = re.compile(r'xlink:href="https://vega\.github\.io/vega-datasets/+')
_LABELLED_MARK = re.compile(r'<path aria-label="([^"]*)" role="graphics-symbol"([^>]*?)/>')
_GRAIN = {4: ("year", "%Y", "Year"), 7: ("yearmonth", "%b %Y", "Month"), 10: ("yearmonthdate", "%b %Y", "Date")}
LARGE = 1e6  # from here values read as 12.5M, 3B


@dataclass(frozen=True)
class Chart:
    svg: Markup  # the chart, to put in a page as it is
    points: int  # the marks that link somewhere

    def labelled(self, title: str) -> Markup:
        """The chart named for assistive technology (its title as the image's accessible name)."""
        return Markup(self.svg.replace('<svg role="img"', Markup('<svg role="img" aria-label="{}"').format(title), 1))


def _iso(period: str) -> str:
    return {4: f"{period}-01-01", 7: f"{period}-01"}.get(len(period), period[:10])


def _x(periods: list[str], title: str | None = None) -> alt.X:
    unit, form, name = _GRAIN.get(max((len(p) for p in periods), default=4), _GRAIN[10])
    interval = {"year": "year", "yearmonth": "month"}.get(unit)
    axis = alt.Axis(format=form, labelAngle=0 if unit == "year" else -30, tickCount=interval or alt.Undefined,
                    labelOverlap="greedy", grid=False)
    return alt.X("when:T", timeUnit=unit, title=title or name, axis=axis)


def _values_axis(values: list[float]) -> alt.Axis:
    """Large values (money, tonnes) as 12.5M and 3B rather than a row of zeros."""
    if max((abs(v) for v in values), default=0) < LARGE:
        return alt.Axis()
    return alt.Axis(labelExpr="replace(format(datum.value, '.3~s'), 'G', 'B')")


def _render(chart: alt.TopLevelMixin, points: int) -> Chart:
    spec = chart.configure_view(stroke=None).configure_axis(labelFontSize=11, titleFontSize=12).to_dict()
    svg = vl_convert.vegalite_to_svg(spec)
    svg = _LOADER_BASE.sub('xlink:href="/', svg)
    # a hover title on every mark: the mark's description as an SVG <title>, which browsers show
    svg = _LABELLED_MARK.sub(lambda m: f'<path aria-label="{m[1]}" role="graphics-symbol"{m[2]}><title>{m[1]}</title></path>', svg)
    svg = svg.replace("<svg ", '<svg role="img" preserveAspectRatio="xMinYMin meet" ', 1)
    svg = re.sub(r'(<svg[^>]*?) width="\d+" height="\d+"', r"\1", svg, count=1)  # scales with the page
    return Chart(Markup(svg), points)


def bar_chart(bars: list[tuple[str, float, str]], label: str) -> Chart:
    """One bar per period (label, value, link), the y axis titled ``label``."""
    rows = [{"period": period, "value": value, "link": link, "title": f"{period}: {value:,.0f} {label}"}
            for period, value, link in bars]
    name = _GRAIN.get(max((len(b[0]) for b in bars), default=4), _GRAIN[10])[2]
    chart = alt.Chart(alt.Data(values=rows)).mark_bar(color="#2b6cb0").encode(
        x=alt.X("period:O", title=name, axis=alt.Axis(labelAngle=0, labelOverlap="greedy")),
        y=alt.Y("value:Q", title=label), href="link:N", description="title:N",
    ).properties(width=WIDTH, height=HEIGHT)
    return _render(chart, len(rows))


def line_chart(series: dict[str, list[tuple[str, float, str, str]]], label: str, lines: bool = True,
               legend: str = "Series") -> Chart:
    """One line per series (name → points of period, value, link, hover title), each point a link;
    ``lines=False`` draws the points alone (many figures over a long time)."""
    rows = [{"when": _iso(period), "value": value, "series": name, "link": link, "title": title}
            for name, points in series.items() for period, value, link, title in points]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=_x([period for points in series.values() for period, *_ in points]),
        y=alt.Y("value:Q", title=label, axis=_values_axis([r["value"] for r in rows])),
        color=alt.Color("series:N", title=legend, legend=alt.Legend(orient="bottom", columns=4, labelLimit=260)),
    )
    points = base.mark_point(filled=True, size=70, opacity=0.85).encode(
        shape=alt.Shape("series:N", legend=None), href="link:N", description="title:N",
    )
    layered = (base.mark_line(strokeWidth=2, opacity=0.8) + points) if lines else points
    return _render(layered.properties(width=WIDTH, height=HEIGHT), len(rows))

