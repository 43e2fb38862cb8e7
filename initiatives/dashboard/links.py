"""Links from the dashboard's numbers to the cases behind them: the case list, filtered to match.

Each link carries the dashboard's selection (neighbourhood or the manager's wijken, theme,
department, stage, and the period: raised_from/to for barriers, requested_from/to for helps,
involved_from/to for the stakeholders, received_from/to for the challenges) plus what the number
counts.
"""

from urllib.parse import urlencode

from flask import url_for

#: What a query string leaves as it is, as `url_for` does (werkzeug: the WHATWG URL standard).
QUERY_SAFE = "!$'()*,/:;?@"


def _later(first, second):
    return max(day for day in (first, second) if day) if first or second else None


def _earlier(first, second):
    return min(day for day in (first, second) if day) if first or second else None


class DrillDown:
    """Case-list URLs for the numbers on one dashboard."""

    def __init__(self, filters, scope):
        self.filters = filters
        self.scope = scope
        self._case_list = None

    def _case_list_url(self, args):
        """The case list with `args`: as `url_for`, which a dashboard would call some 250 times."""
        if self._case_list is None:
            self._case_list = url_for("cases.index")
        query = urlencode(
            [(name, value) for name, value in args.items() if value is not None], safe=QUERY_SAFE
        )
        return f"{self._case_list}?{query}" if query else self._case_list

    def _selection(self):
        filters = self.filters
        args = {}
        if filters.neighbourhood is not None:
            args["neighbourhood"] = filters.neighbourhood.code
        elif self.scope.is_limited:
            args["neighbourhood"] = ",".join(self.scope.wijk_codes)
        if filters.theme is not None:
            args["theme"] = filters.theme.code
        if filters.department is not None:
            args["department"] = filters.department.id
        if filters.stage is not None:
            args["barrier_stage"] = filters.stage.value
        return args

    def barriers(self, *, raised_from=None, raised_to=None, **matching):
        """The cases with a barrier in the selection matching `matching`, raised in the period
        (narrowed to `raised_from`-`raised_to` when given)."""
        args = {**self._selection(), **matching}
        start = _later(self.filters.start, raised_from)
        end = _earlier(self.filters.end, raised_to)
        if start:
            args["raised_from"] = start.isoformat()
        if end:
            args["raised_to"] = end.isoformat()
        return self._case_list_url(args)

    def barriers_in_wijk(self, wijk_code, **matching):
        """As `barriers`, for one wijk (or the buurt the dashboard is filtered on)."""
        code = self.filters.neighbourhood.code if self.filters.neighbourhood is not None else wijk_code
        return self.barriers(**matching, neighbourhood=code)

    def initiatives(self, code):
        """The initiatives in the neighbourhood `code` that came in during the period, of the
        theme: what the map counts (department and stage describe barriers, not cases)."""
        args = {**self._selection(), "neighbourhood": code}
        args.pop("department", None)
        args.pop("barrier_stage", None)
        if self.filters.start:
            args["received_from"] = self.filters.start.isoformat()
        if self.filters.end:
            args["received_to"] = self.filters.end.isoformat()
        return self._case_list_url(args)

    def barriers_in_department(self, department_id, **matching):
        return self.barriers(**matching, department="none" if department_id is None else department_id)

    def tally(self, kind, key, **matching):
        """The cases behind a number of barriers per `kind`: category, department, wijk or stage."""
        if kind == "category":
            return self.barriers(barrier_category=key, **matching)
        if kind == "department":
            return self.barriers_in_department(key, **matching)
        if kind == "wijk":
            return self.barriers_in_wijk(key, **matching)
        return self.barriers(barrier_stage=key, **matching)

    def helps(self, **matching):
        """The cases with a help in the selection matching `matching`, requested in the period."""
        args = {**self._selection(), **matching}
        if self.filters.start:
            args["requested_from"] = self.filters.start.isoformat()
        if self.filters.end:
            args["requested_to"] = self.filters.end.isoformat()
        return self._case_list_url(args)

    def stakeholders(self, **matching):
        """The cases in which a department (`stakeholder_department`, `stakeholder_as`) or an
        outside organisation (`stakeholder_organisation`) was involved in the period, as the
        stakeholder figures count them: the department filter is the row's own department, and
        the stage selects only the barriers that name a stakeholder."""
        args = self._selection()
        args.pop("department", None)
        stage = args.pop("barrier_stage", None)
        if stage is not None and "stakeholder_department" in matching:
            args["stakeholder_stage"] = stage
        args.update(matching)
        if self.filters.start:
            args["involved_from"] = self.filters.start.isoformat()
        if self.filters.end:
            args["involved_to"] = self.filters.end.isoformat()
        return self._case_list_url(args)

    def challenges(self, **matching):
        """The challenge cases received in the period, in the area and of the theme, matching
        `matching` (`challenge_decision`, `challenge_task`, `challenge_within_term`), as the
        challenge figures count them: department and stage describe barriers, not challenges."""
        args = self._selection()
        args.pop("department", None)
        args.pop("barrier_stage", None)
        args["kind"] = "right_to_challenge"
        args.update(matching)
        if self.filters.start:
            args["received_from"] = self.filters.start.isoformat()
        if self.filters.end:
            args["received_to"] = self.filters.end.isoformat()
        return self._case_list_url(args)
