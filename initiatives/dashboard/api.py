"""The barrier dashboard's figures as JSON, for BI tools: the same filters and numbers as the page."""

from flask import request
from marshmallow import fields

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.api.schemas import ApiSchema
from initiatives.api.util import acting_user
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.dashboard.controllers import selected_dashboard

TAGS = ["Dashboard"]


def _code(description):
    return fields.String(metadata={"description": description})


class DashboardArguments(ApiSchema):
    """The dashboard's filters. A value that cannot be used is ignored and explained in `notes`."""

    start = fields.String(data_key="from", metadata={"description": "First day of the period (YYYY-MM-DD)."})
    end = fields.String(data_key="to", metadata={"description": "Last day of the period, included."})
    neighbourhood = _code("CBS code of a wijk (with its buurten) or buurt.")
    department = _code("Id of the department where barriers arose.")
    stage = _code("The stage the case was in when a barrier was hit.")
    theme = _code("Theme code of the cases.")


class TallySchema(ApiSchema):
    total = fields.Integer(metadata={"description": "Barriers raised in the period."})
    open = fields.Integer(metadata={"description": "Of those, still open."})


class CategoryTallySchema(TallySchema):
    category = _code("Stable code of the barrier category.")
    label = fields.String()
    active = fields.Boolean(metadata={"description": "False for a retired category."})


class DepartmentTallySchema(TallySchema):
    department = fields.Integer(allow_none=True, metadata={"description": "Id; null: no department."})
    name = fields.String(allow_none=True)


class NeighbourhoodTallySchema(TallySchema):
    neighbourhood = _code("CBS code of the wijk; its buurten are included.")
    name = fields.String()


class StageTallySchema(TallySchema):
    stage = _code("The stage the case was in when the barrier was hit.")


class TrendSchema(ApiSchema):
    category = _code("Stable code of the barrier category.")
    quarter = _code("The quarter, e.g. 2025-Q1.")
    raised = fields.Integer(metadata={"description": "Barriers raised in that quarter."})


class ResolveTimeSchema(ApiSchema):
    category = _code("Stable code of the barrier category.")
    resolved = fields.Integer(metadata={"description": "Resolved barriers."})
    median_days = fields.Float(allow_none=True)
    p90_days = fields.Float(allow_none=True, metadata={"description": "The 90th percentile."})


class AgeSchema(ApiSchema):
    category = _code("Stable code of the barrier category.")
    bucket = fields.String(metadata={"enum": ["under_30", "30_90", "over_90"], "description": "Days open."})
    open = fields.Integer()


class OldestSchema(ApiSchema):
    barrier = fields.Integer(metadata={"description": "Id of the barrier."})
    initiative = fields.Integer(metadata={"description": "Id of its case."})
    category = _code("Stable code of the barrier category.")
    raised_on = fields.Date()
    days_open = fields.Integer()


class HelpEffectivenessSchema(ApiSchema):
    category = _code("Stable code of the help category.")
    requested = fields.Integer(metadata={"description": "Helps requested in the period."})
    granted = fields.Integer(metadata={"description": "Of those, granted (and perhaps applied since)."})
    refused = fields.Integer()
    applied = fields.Integer()
    resolved = fields.Integer(metadata={"description": "Applied helps that resolved a barrier."})


class RefusalSchema(ApiSchema):
    provider = fields.String(metadata={"enum": ["department", "alderman", "management", "other"]})
    department = fields.Integer(allow_none=True, metadata={"description": "Id, for a department."})
    decider = fields.String(metadata={"description": "Who refused, as shown on the dashboard."})
    refused = fields.Integer()


class MatrixCellSchema(ApiSchema):
    barrier_category = _code("Stable code of the barrier category.")
    help_category = _code("Stable code of the help category.")
    resolved = fields.Integer(
        metadata={"description": "Barriers of that category a help of that category resolved."}
    )


class SatisfactionFiguresSchema(ApiSchema):
    answers = fields.Integer(metadata={"description": "Initiators who answered."})
    average = fields.Float(
        allow_none=True, metadata={"description": "Average score, 1 to 5, to one decimal."}
    )


class NeighbourhoodSatisfactionSchema(SatisfactionFiguresSchema):
    code = _code("CBS code of the wijk; its buurten are included.")
    name = fields.String()


class SatisfactionSchema(ApiSchema):
    overall = fields.Nested(SatisfactionFiguresSchema)
    neighbourhoods = fields.List(fields.Nested(NeighbourhoodSatisfactionSchema))


class DepartmentInvolvementSchema(ApiSchema):
    department = fields.Integer(metadata={"description": "Department id."})
    name = fields.String()
    blocker = fields.Integer(
        metadata={
            "description": "Cases where it blocked: a barrier raised in the period names an inside "
            "stakeholder of the department, or one took the stance 'against' in the period."
        }
    )
    helper = fields.Integer(metadata={"description": "Cases where one took the stance 'for' in the period."})


class OrganisationSchema(ApiSchema):
    organisation = fields.String()
    cases = fields.Integer(metadata={"description": "Cases with a stance of it recorded in the period."})


class StakeholdersSchema(ApiSchema):
    departments = fields.List(
        fields.Nested(DepartmentInvolvementSchema), metadata={"description": "Most involved first."}
    )
    organisations = fields.List(
        fields.Nested(OrganisationSchema),
        metadata={"description": "Outside organisations, most cases first (top 10)."},
    )


class DecisionCountSchema(ApiSchema):
    decision = fields.String(metadata={"enum": ["granted", "partly", "refused", "inadmissible"]})
    challenges = fields.Integer()


class ChallengeTaskCountSchema(ApiSchema):
    task = fields.Integer(
        allow_none=True, metadata={"description": "Id of the task on the admin's list; null for the others."}
    )
    name = fields.String(
        allow_none=True,
        metadata={"description": "The task's name; null for the others (a task written in may hold a name)."},
    )
    group = fields.String(
        metadata={
            "enum": ["listed", "other", "none"],
            "description": "listed: a task of the admin's list; other: tasks written in, counted together; "
            "none: no task recorded yet.",
        }
    )
    challenges = fields.Integer()


class TimeToDecisionSchema(ApiSchema):
    decided = fields.Integer(metadata={"description": "Challenges decided."})
    median_days = fields.Float(allow_none=True)
    lower_quartile_days = fields.Float(allow_none=True, metadata={"description": "The 25th percentile."})
    upper_quartile_days = fields.Float(allow_none=True, metadata={"description": "The 75th percentile."})
    shortest_days = fields.Integer(allow_none=True)
    longest_days = fields.Integer(allow_none=True)


class ChallengesSchema(ApiSchema):
    received = fields.Integer(metadata={"description": "Challenge cases received in the period."})
    decided = fields.Integer(metadata={"description": "Of those, decided."})
    decided_within_term = fields.Integer(
        metadata={
            "description": "Of those, decided by their deadline (the term, or the date set for the case)."
        }
    )
    share_within_term = fields.Float(
        allow_none=True,
        metadata={"description": "decided_within_term / decided, 0 to 1; null without decisions."},
    )
    decisions = fields.List(fields.Nested(DecisionCountSchema))
    tasks = fields.List(
        fields.Nested(ChallengeTaskCountSchema), metadata={"description": "Most challenged first."}
    )
    time_to_decision = fields.Nested(
        TimeToDecisionSchema, metadata={"description": "Days from the case's receipt to the decision."}
    )


class AppliedFiltersSchema(ApiSchema):
    start = fields.Date(data_key="from", allow_none=True)
    end = fields.Date(data_key="to", allow_none=True)
    neighbourhood = fields.String(allow_none=True)
    department = fields.Integer(allow_none=True)
    stage = fields.String(allow_none=True)
    theme = fields.String(allow_none=True)


class DashboardSchema(ApiSchema):
    filters = fields.Nested(AppliedFiltersSchema, metadata={"description": "The filters applied."})
    notes = fields.List(
        fields.String(), metadata={"description": "Filter values that were ignored, and why."}
    )
    by_category = fields.List(fields.Nested(CategoryTallySchema))
    by_department = fields.List(fields.Nested(DepartmentTallySchema))
    by_neighbourhood = fields.List(fields.Nested(NeighbourhoodTallySchema))
    by_stage = fields.List(fields.Nested(StageTallySchema))
    trend = fields.List(fields.Nested(TrendSchema))
    time_to_resolve = fields.List(fields.Nested(ResolveTimeSchema))
    open_by_age = fields.List(fields.Nested(AgeSchema))
    oldest_open = fields.List(fields.Nested(OldestSchema))
    help_effectiveness = fields.List(fields.Nested(HelpEffectivenessSchema))
    refusals_by_decider = fields.List(fields.Nested(RefusalSchema))
    matrix = fields.List(fields.Nested(MatrixCellSchema), metadata={"description": "Cells above zero."})
    satisfaction = fields.Nested(
        SatisfactionSchema,
        metadata={
            "description": "The initiators' answers to the status page's question (1 very dissatisfied to 5 "
            "very satisfied), of the cases closed in the period; department and stage do not apply."
        },
    )
    stakeholders = fields.Nested(
        StakeholdersSchema,
        metadata={
            "description": "From the cases' stakeholder maps: counts of cases per department and per "
            "outside organisation, never a person. The department filter means the stakeholder's department."
        },
    )
    challenges = fields.Nested(
        ChallengesSchema,
        metadata={
            "description": "The right to challenge: the challenge cases received in the period, their "
            "decisions, tasks and time to decision; department and stage do not apply."
        },
    )


def _document(filters, dashboard):
    """The dashboard as the plain data DashboardSchema describes."""
    age = dashboard.open_by_age
    return {
        "filters": {
            "start": filters.start,
            "end": filters.end,
            "neighbourhood": filters.neighbourhood.code if filters.neighbourhood else None,
            "department": filters.department.id if filters.department else None,
            "stage": filters.stage.value if filters.stage else None,
            "theme": filters.theme.code if filters.theme else None,
        },
        "notes": [str(note) for note in filters.notes],
        "by_category": [
            {"category": t.key, "label": t.label, "active": not t.retired, "total": t.total, "open": t.open}
            for t in dashboard.by_category
        ],
        "by_department": [
            {
                "department": t.key,
                "name": None if t.key is None else t.label,
                "total": t.total,
                "open": t.open,
            }
            for t in dashboard.by_department
        ],
        "by_neighbourhood": [
            {"neighbourhood": t.key, "name": t.label, "total": t.total, "open": t.open}
            for t in dashboard.by_neighbourhood
        ],
        "by_stage": [{"stage": t.key, "total": t.total, "open": t.open} for t in dashboard.by_stage],
        "trend": [
            {"category": series.key, "quarter": quarter.code, "raised": count}
            for series in dashboard.trend.series
            for quarter, count in zip(dashboard.trend.quarters, series.counts, strict=True)
        ],
        "time_to_resolve": [
            {"category": row.key, "resolved": row.resolved, "median_days": row.median, "p90_days": row.p90}
            for row in dashboard.time_to_resolve
        ],
        "open_by_age": [
            {"category": row.key, "bucket": bucket.key, "open": row.counts.get(bucket.key, 0)}
            for row in age.rows
            for bucket in age.buckets
        ],
        "oldest_open": [
            {
                "barrier": barrier.id,
                "initiative": barrier.initiative_id,
                "category": barrier.category.code,
                "raised_on": barrier.raised_on,
                "days_open": (dashboard.today - barrier.raised_on).days,
            }
            for barrier in age.oldest
        ],
        "help_effectiveness": [
            {
                "category": t.key,
                "requested": t.requested,
                "granted": t.granted,
                "refused": t.refused,
                "applied": t.applied,
                "resolved": t.resolved,
            }
            for t in dashboard.help_effectiveness
        ],
        "refusals_by_decider": [
            {
                "provider": refusal.provider,
                "department": refusal.department_id,
                "decider": str(refusal.label),
                "refused": refusal.refused,
            }
            for refusal in dashboard.refusals
        ],
        "matrix": [
            {"barrier_category": barrier, "help_category": help_category, "resolved": count}
            for (barrier, help_category), count in sorted(dashboard.matrix.counts.items())
        ],
        "satisfaction": {
            "overall": {
                "answers": dashboard.satisfaction.overall.answers,
                "average": dashboard.satisfaction.overall.average,
            },
            "neighbourhoods": [
                {"code": t.key, "name": t.label, "answers": t.answers, "average": t.average}
                for t in dashboard.satisfaction.by_neighbourhood
            ],
        },
        "stakeholders": {
            "departments": [
                {"department": row.key, "name": row.label, "blocker": row.blocker, "helper": row.helper}
                for row in dashboard.stakeholders.by_department
            ],
            "organisations": [
                {"organisation": row.label, "cases": row.cases}
                for row in dashboard.stakeholders.organisations
            ],
        },
        "challenges": _challenges(dashboard.challenges),
    }


def _challenges(challenges):
    return {
        "received": challenges.received,
        "decided": challenges.decided,
        "decided_within_term": challenges.within_term,
        "share_within_term": challenges.share_within_term,
        "decisions": [{"decision": row.key, "challenges": row.count} for row in challenges.by_decision],
        "tasks": [
            {
                "task": int(row.key) if row.key.isdigit() else None,
                "name": row.label if row.key.isdigit() else None,
                "group": "listed" if row.key.isdigit() else row.key,
                "challenges": row.count,
            }
            for row in challenges.tasks
        ],
        "time_to_decision": {
            "decided": challenges.decided,
            "median_days": challenges.median_days,
            "lower_quartile_days": challenges.lower_quartile_days,
            "upper_quartile_days": challenges.upper_quartile_days,
            "shortest_days": challenges.shortest_days,
            "longest_days": challenges.longest_days,
        },
    }


@bp.route("/dashboard/barriers", endpoint="dashboard_barriers", tags=TAGS)
@roles_allowed(Role.SECRETARY, Role.NEIGHBOURHOOD_MANAGER)
@bp.arguments(DashboardArguments, location="query")
@bp.response(200, DashboardSchema)
@documents_problems(bp, 401, 403)
def dashboard_barriers(_arguments):
    """The barrier dashboard's figures for the filters: secretaries see every neighbourhood,
    neighbourhood managers their own wijken. Barriers count when raised in the period, helps when
    requested in it; department and stage select helps that addressed such a barrier."""
    filters, _scope, dashboard = selected_dashboard(request.args, acting_user())
    return _document(filters, dashboard)
