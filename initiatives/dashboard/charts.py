"""The dashboard's charts, as SVG geometry (`bar_chart`, `line_chart`) that
templates/macros/charts.html draws.

Colour never carries meaning alone: bar segments differ by pattern too (open barriers are
hatched), and each line of the trend chart has its own marker shape and dash pattern.
"""

from flask_babel import format_number
from flask_babel import gettext as _

from initiatives.core.numbers import days
from initiatives.dashboard.bar_chart import CLOSED, HELP_STYLES, OPEN, SegmentStyle, bar_chart
from initiatives.dashboard.line_chart import line_chart


def _tally_chart(chart_id, title, tallies):
    items = [
        (
            tally.label,
            {"closed": tally.closed, "open": tally.open},
            _("%(total)s, %(open)s open", total=format_number(tally.total), open=format_number(tally.open)),
        )
        for tally in tallies
    ]
    return bar_chart(chart_id, title, items, (CLOSED, OPEN))


def dashboard_charts(dashboard):
    """The charts of `dashboard`, by name."""
    trend = dashboard.trend
    solid = SegmentStyle("value", "", "solid")
    hatched = SegmentStyle("value", "", "hatch")
    crosshatched = SegmentStyle("value", "", "crosshatch")
    return {
        "category": _tally_chart("chart-category", _("Barriers per category"), dashboard.by_category),
        "department": _tally_chart("chart-department", _("Barriers per department"), dashboard.by_department),
        "neighbourhood": _tally_chart(
            "chart-neighbourhood", _("Barriers per wijk"), dashboard.by_neighbourhood
        ),
        "stage": _tally_chart("chart-stage", _("Barriers per stage"), dashboard.by_stage),
        "trend": line_chart(
            "chart-trend",
            _("Barriers raised per quarter, per category"),
            [quarter.label for quarter in trend.quarters],
            [(series.label, series.counts) for series in trend.series],
        ),
        "resolve": bar_chart(
            "chart-resolve",
            _("Median days to resolve, per category"),
            [
                (
                    row.label,
                    {"value": row.median or 0},
                    _(
                        "%(median)s days (90th percentile %(p90)s)",
                        median=days(row.median),
                        p90=days(row.p90),
                    )
                    if row.resolved
                    else _("none resolved"),
                )
                for row in dashboard.time_to_resolve
            ],
            (solid,),
        ),
        "age": bar_chart(
            "chart-age",
            _("Open barriers by age"),
            [
                (bucket.label, {"value": count}, format_number(count))
                for bucket in dashboard.open_by_age.buckets
                for count in [dashboard.open_by_age.bucket_total(bucket.key)]
            ],
            (hatched,),
        ),
        "helps": bar_chart(
            "chart-helps",
            _("Helps per category: what became of them"),
            [
                (
                    tally.label,
                    {
                        "resolved": tally.resolved,
                        "applied_only": tally.applied - tally.resolved,
                        "granted_only": tally.granted - tally.applied,
                        "pending": tally.pending,
                        "refused": tally.refused,
                    },
                    _(
                        "%(resolved)s of %(requested)s resolved",
                        resolved=format_number(tally.resolved),
                        requested=format_number(tally.requested),
                    ),
                )
                for tally in dashboard.help_effectiveness
            ],
            HELP_STYLES,
        ),
        "refusals": bar_chart(
            "chart-refusals",
            _("Refused helps per decider"),
            [
                (refusal.label, {"value": refusal.refused}, format_number(refusal.refused))
                for refusal in dashboard.refusals
            ],
            (crosshatched,),
        ),
    }
