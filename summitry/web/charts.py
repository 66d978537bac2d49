"""Charts as SVG made on the server: Vega-Lite specifications (altair) rendered by vl-convert, so no
script or CDN reaches the browser. Bars by period, and lines over time with one series per speaker,
term or measure: axis titles, a tick for each year or month, a legend, a shape per series so that
overlapping points stay apart, a hover title on every point and a link from each to what was said.

A period is a year ("2024"), a month ("2024-03") or a day ("2024-03-15"); the x axis ticks by the
coarsest of them.
"""

from __future__ import annotations

import math
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



def _graticule(south: float, west: float, north: float, east: float) -> list[dict[str, object]]:
    """Meridians and parallels round a box widened to whole steps (5° for a region, 10° beyond 60° of
    longitude), as GeoJSON lines sampled every degree so that they curve with the projection."""
    step = 5 if east - west <= 60 else 10
    south, west = math.floor(south / step) * step, math.floor(west / step) * step
    north, east = math.ceil(north / step) * step, math.ceil(east / step) * step
    lines = [[[lon, lat] for lon in range(west, east + 1)] for lat in range(south, north + 1, step)]
    lines += [[[lon, lat] for lat in range(south, north + 1)] for lon in range(west, east + 1, step)]
    return [{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": line}}
            for line in lines]


def _legend_counts(counts: list[int], most: int = 5) -> list[int]:
    """Up to ``most`` whole counts spread from the smallest to the largest, for a size legend."""
    distinct = sorted(set(counts))
    if len(distinct) <= most:
        return distinct
    return sorted({distinct[round(i * (len(distinct) - 1) / (most - 1))] for i in range(most)})


def place_map(places: list[tuple[str, float, float, int, str]], labels: int = 24) -> Chart:
    """Places as circles where they lie (name, latitude, longitude, count, link), sized by the count, each
    a link with a hover title; the most frequent ``labels`` named. An equal-earth projection fitted to the
    places, with meridians and parallels every 10° around them."""
    rows = [{"name": name, "lat": lat, "lon": lon, "count": count, "link": link,
             "title": f"{name}: {count:,} event{'' if count == 1 else 's'}"} for name, lat, lon, count, link in places]
    lats, lons = [r["lat"] for r in rows], [r["lon"] for r in rows]
    # the places with a margin, at least 30° wide and 16° high, so that one city is not a map of a town
    middle_lat, middle_lon = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    half_lat, half_lon = max(8.0, (max(lats) - min(lats)) / 2 + 4), max(15.0, (max(lons) - min(lons)) / 2 + 5)
    box = (max(-85.0, middle_lat - half_lat), max(-180.0, middle_lon - half_lon),
           min(85.0, middle_lat + half_lat), min(180.0, middle_lon + half_lon))
    grid = alt.Chart(alt.Data(values=_graticule(*box))).mark_geoshape(filled=False, stroke="#d5dbe3", strokeWidth=0.7, aria=False)
    where = {"longitude": "lon:Q", "latitude": "lat:Q"}
    points = alt.Chart(alt.Data(values=rows)).mark_circle(color="#2b6cb0", opacity=0.7, stroke="white").encode(
        **where, size=alt.Size("count:Q", title="Events", scale=alt.Scale(range=[40, 900], zero=False),
                               legend=alt.Legend(orient="bottom", format="d", values=_legend_counts([r["count"] for r in rows]))),
        href="link:N", description="title:N",
    )
    named = sorted(rows, key=lambda r: -r["count"])[:labels]
    names = alt.Chart(alt.Data(values=named)).mark_text(dy=-12, fontSize=14, color="#1a202c").encode(**where, text="name:N")
    chart = (grid + points + names).project(type="equalEarth").properties(width=WIDTH, height=HEIGHT)
    return _render(chart, len(rows))
