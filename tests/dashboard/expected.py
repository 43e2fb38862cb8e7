"""Hand-computed figures for the data set in conftest.py, per filter (and per manager).

Shapes, per figure:
  category    code -> (barriers, open), every row shown (active categories, retired with data)
  department  name (None: no department) -> (barriers, open), rows with barriers only
  wijk        name -> (barriers, open), every row shown
  stage       stage -> (barriers, open), every row shown
  trend       (quarters, {category: counts per quarter}) for categories with barriers
  resolve     category -> (resolved, median days, 90th percentile days), categories with resolved ones
  age         category -> {bucket: open barriers}, categories with open ones
  oldest      the open barriers, longest open first
  helps       category -> (requested, granted, refused, applied, resolved), categories with helps
  refusals    (provider, department name or None) -> refused
  matrix      (barrier category, help category) -> barriers resolved
"""

OR, VTH, FIN = "Openbare Ruimte", "Vergunningen, Toezicht en Handhaving", "Financiën"
ZERO = (0, 0)
NO_WIJK = {"Oost": ZERO, "West": ZERO}
CATEGORY_ORDER = [
    "colleagues",
    "silos",
    "rigid_rules",
    "lack_of_time",
    "traditional_steering",
    "performance_management",
]
STAGES_WITHOUT = {"intake": ZERO, "relations": ZERO, "embedding": ZERO, "practical_support": ZERO}


def categories(**counts):
    """Every active category (zero unless given), then the retired risk_aversion when given."""
    rows = {code: counts.pop(code, ZERO) for code in CATEGORY_ORDER}
    rows.update(counts)
    return rows


def stages(**counts):
    order = ["intake", "mapping", "relations", "support", "embedding", "practical_support"]
    return {stage: counts.get(stage, ZERO) for stage in order}


EXPECTED = {
    "everything": {
        "category": categories(
            colleagues=(4, 0), silos=(4, 3), rigid_rules=(2, 1), lack_of_time=(2, 2), risk_aversion=(1, 1)
        ),
        "department": {OR: (6, 3), VTH: (3, 2), FIN: (2, 1), None: (2, 1)},
        "wijk": {"Binnenstad": (3, 2), "Noord": (7, 3), "Zuid": (3, 2), **NO_WIJK},
        "stage": stages(intake=(1, 1), mapping=(5, 2), relations=(2, 1), support=(4, 2), embedding=(1, 1)),
        "trend": (
            ["2024-Q4", "2025-Q1", "2025-Q2"],
            {
                "colleagues": [0, 2, 2],
                "silos": [0, 2, 2],
                "rigid_rules": [1, 0, 1],
                "lack_of_time": [0, 0, 2],
                "risk_aversion": [0, 1, 0],
            },
        ),
        "resolve": {"colleagues": (4, 25, 37), "silos": (1, 5, 5)},
        "age": {
            "silos": {"under_30": 1, "30_90": 1, "over_90": 1},
            "rigid_rules": {"over_90": 1},
            "lack_of_time": {"under_30": 1, "30_90": 1},
            "risk_aversion": {"over_90": 1},
        },
        "oldest": ["b2", "b8", "b12", "b9", "b10", "b11", "b6"],
        "helps": {
            "backing": (4, 4, 0, 3, 3),
            "budget": (3, 1, 2, 1, 1),
            "room": (3, 1, 2, 1, 0),
            "colleague_takes_along": (2, 1, 0, 1, 1),
            "reflection": (1, 0, 1, 0, 0),
        },
        "refusals": {
            ("alderman", None): 2,
            ("department", OR): 1,
            ("department", FIN): 1,
            ("other", None): 1,
        },
        "matrix": {
            ("colleagues", "backing"): 3,
            ("colleagues", "budget"): 1,
            ("silos", "colleague_takes_along"): 1,
        },
    },
    # The first quarter of 2025: b1 (raised on `from`) and b3 (on `to`) are in, b4 (the day before)
    # and b5 and b12 (the day after) are out; so are the helps h8 (before) and h3 (after), h4 is in.
    "period": {
        "category": categories(colleagues=(2, 0), silos=(2, 1), risk_aversion=(1, 1)),
        "department": {OR: (3, 0), VTH: (1, 1), FIN: (1, 1)},
        "wijk": {"Binnenstad": ZERO, "Noord": (4, 1), "Zuid": (1, 1), **NO_WIJK},
        "stage": stages(mapping=(2, 1), relations=(1, 0), support=(2, 1)),
        "trend": (["2025-Q1"], {"colleagues": [2], "silos": [2], "risk_aversion": [1]}),
        "resolve": {"colleagues": (2, 15, 19), "silos": (1, 5, 5)},
        "age": {"silos": {"over_90": 1}, "risk_aversion": {"over_90": 1}},
        "oldest": ["b2", "b8"],
        "helps": {
            "backing": (1, 1, 0, 1, 1),
            "budget": (2, 0, 2, 0, 0),
            "room": (1, 0, 1, 0, 0),
            "colleague_takes_along": (1, 1, 0, 1, 1),
        },
        "refusals": {("alderman", None): 1, ("department", OR): 1, ("department", FIN): 1},
        "matrix": {("colleagues", "backing"): 2, ("silos", "colleague_takes_along"): 1},
    },
    "wijk": {  # Noord: cases A (in its buurt Bloemenbuurt) and B (in the wijk itself)
        "category": categories(colleagues=(2, 0), silos=(3, 2), rigid_rules=(1, 0), lack_of_time=(1, 1)),
        "department": {OR: (4, 1), VTH: (1, 1), None: (2, 1)},
        "wijk": {"Noord": (7, 3)},
        "stage": stages(intake=(1, 1), mapping=(2, 1), relations=(2, 1), support=(2, 0)),
        "trend": (
            ["2024-Q4", "2025-Q1", "2025-Q2"],
            {
                "colleagues": [0, 2, 0],
                "silos": [0, 2, 1],
                "rigid_rules": [1, 0, 0],
                "lack_of_time": [0, 0, 1],
            },
        ),
        "resolve": {"colleagues": (2, 15, 19), "silos": (1, 5, 5)},
        "age": {"silos": {"30_90": 1, "over_90": 1}, "lack_of_time": {"30_90": 1}},
        "oldest": ["b2", "b9", "b10"],
        "helps": {
            "backing": (3, 3, 0, 2, 2),
            "budget": (1, 0, 1, 0, 0),
            "room": (3, 1, 2, 1, 0),
            "colleague_takes_along": (1, 1, 0, 1, 1),
        },
        "refusals": {("alderman", None): 2, ("department", OR): 1},
        "matrix": {("colleagues", "backing"): 2, ("silos", "colleague_takes_along"): 1},
    },
    "buurt": {  # Bloemenbuurt: case A only
        "category": categories(colleagues=(1, 0), silos=(2, 1), lack_of_time=(1, 1)),
        "department": {OR: (3, 1), VTH: (1, 1)},
        "wijk": {"Noord": (4, 2)},
        "stage": stages(intake=(1, 1), mapping=(2, 1), support=(1, 0)),
        "trend": (["2025-Q1", "2025-Q2"], {"colleagues": [1, 0], "silos": [2, 0], "lack_of_time": [0, 1]}),
        "resolve": {"colleagues": (1, 10, 10), "silos": (1, 5, 5)},
        "age": {"silos": {"over_90": 1}, "lack_of_time": {"30_90": 1}},
        "oldest": ["b2", "b9"],
        "helps": {
            "backing": (1, 1, 0, 1, 1),
            "budget": (1, 0, 1, 0, 0),
            "room": (1, 1, 0, 1, 0),
            "colleague_takes_along": (1, 1, 0, 1, 1),
        },
        "refusals": {("department", OR): 1},
        "matrix": {("colleagues", "backing"): 1, ("silos", "colleague_takes_along"): 1},
    },
    # Openbare Ruimte. Helps count when they addressed a barrier that arose there (h1, h5, h9, h10,
    # h12); h5 resolved only a barrier of another department, so it is not counted as resolved.
    "department": {
        "category": categories(colleagues=(2, 0), silos=(2, 1), rigid_rules=(1, 1), lack_of_time=(1, 1)),
        "department": {OR: (6, 3)},
        "wijk": {"Binnenstad": (1, 1), "Noord": (4, 1), "Zuid": (1, 1), **NO_WIJK},
        "stage": stages(intake=(1, 1), mapping=(2, 1), relations=(1, 0), support=(1, 0), embedding=(1, 1)),
        "trend": (
            ["2025-Q1", "2025-Q2"],
            {"colleagues": [2, 0], "silos": [1, 1], "rigid_rules": [0, 1], "lack_of_time": [0, 1]},
        ),
        "resolve": {"colleagues": (2, 15, 19), "silos": (1, 5, 5)},
        "age": {"silos": {"under_30": 1}, "rigid_rules": {"over_90": 1}, "lack_of_time": {"30_90": 1}},
        "oldest": ["b12", "b9", "b6"],
        "helps": {
            "backing": (3, 3, 0, 3, 2),
            "room": (1, 1, 0, 1, 0),
            "colleague_takes_along": (1, 1, 0, 1, 1),
        },
        "refusals": {},
        "matrix": {("colleagues", "backing"): 2, ("silos", "colleague_takes_along"): 1},
    },
    "stage": {  # mapping
        "category": categories(colleagues=(3, 0), silos=(1, 1), rigid_rules=(1, 1)),
        "department": {OR: (2, 1), VTH: (2, 1), FIN: (1, 0)},
        "wijk": {"Binnenstad": (1, 0), "Noord": (2, 1), "Zuid": (2, 1), **NO_WIJK},
        "stage": {"mapping": (5, 2)},
        "trend": (["2025-Q1", "2025-Q2"], {"colleagues": [1, 2], "silos": [1, 0], "rigid_rules": [0, 1]}),
        "resolve": {"colleagues": (3, 30, 38)},
        "age": {"silos": {"over_90": 1}, "rigid_rules": {"over_90": 1}},
        "oldest": ["b2", "b12"],
        "helps": {"backing": (2, 2, 0, 2, 2), "budget": (2, 1, 1, 1, 1)},
        "refusals": {("department", OR): 1},
        "matrix": {("colleagues", "backing"): 2, ("colleagues", "budget"): 1},
    },
    "theme": {  # green: cases A and C (and E, without barriers)
        "category": categories(colleagues=(2, 0), silos=(3, 2), lack_of_time=(2, 2)),
        "department": {OR: (4, 2), VTH: (3, 2)},
        "wijk": {"Binnenstad": (3, 2), "Noord": (4, 2), "Zuid": ZERO, **NO_WIJK},
        "stage": stages(intake=(1, 1), mapping=(3, 1), support=(2, 1), embedding=(1, 1)),
        "trend": (["2025-Q1", "2025-Q2"], {"colleagues": [1, 1], "silos": [2, 1], "lack_of_time": [0, 2]}),
        "resolve": {"colleagues": (2, 20, 28), "silos": (1, 5, 5)},
        "age": {"silos": {"under_30": 1, "over_90": 1}, "lack_of_time": {"under_30": 1, "30_90": 1}},
        "oldest": ["b2", "b9", "b11", "b6"],
        "helps": {
            "backing": (2, 2, 0, 2, 2),
            "budget": (1, 0, 1, 0, 0),
            "room": (1, 1, 0, 1, 0),
            "colleague_takes_along": (2, 1, 0, 1, 1),
        },
        "refusals": {("department", OR): 1},
        "matrix": {("colleagues", "backing"): 2, ("silos", "colleague_takes_along"): 1},
    },
    "noord": {  # the manager of Noord and Binnenstad: cases A, B and C
        "category": categories(colleagues=(3, 0), silos=(4, 3), rigid_rules=(1, 0), lack_of_time=(2, 2)),
        "department": {OR: (5, 2), VTH: (3, 2), None: (2, 1)},
        "wijk": {"Binnenstad": (3, 2), "Noord": (7, 3)},
        "stage": stages(intake=(1, 1), mapping=(3, 1), relations=(2, 1), support=(3, 1), embedding=(1, 1)),
        "trend": (
            ["2024-Q4", "2025-Q1", "2025-Q2"],
            {
                "colleagues": [0, 2, 1],
                "silos": [0, 2, 2],
                "rigid_rules": [1, 0, 0],
                "lack_of_time": [0, 0, 2],
            },
        ),
        "resolve": {"colleagues": (3, 20, 28), "silos": (1, 5, 5)},
        "age": {
            "silos": {"under_30": 1, "30_90": 1, "over_90": 1},
            "lack_of_time": {"under_30": 1, "30_90": 1},
        },
        "oldest": ["b2", "b9", "b10", "b11", "b6"],
        "helps": {
            "backing": (4, 4, 0, 3, 3),
            "budget": (1, 0, 1, 0, 0),
            "room": (3, 1, 2, 1, 0),
            "colleague_takes_along": (2, 1, 0, 1, 1),
        },
        "refusals": {("alderman", None): 2, ("department", OR): 1},
        "matrix": {("colleagues", "backing"): 3, ("silos", "colleague_takes_along"): 1},
    },
    "zuid": {  # the manager of Zuid and Oost: case D
        "category": categories(colleagues=(1, 0), rigid_rules=(1, 1), risk_aversion=(1, 1)),
        "department": {FIN: (2, 1), OR: (1, 1)},
        "wijk": {"Zuid": (3, 2), "Oost": ZERO},
        "stage": stages(mapping=(2, 1), support=(1, 1)),
        "trend": (
            ["2025-Q1", "2025-Q2"],
            {"colleagues": [0, 1], "rigid_rules": [0, 1], "risk_aversion": [1, 0]},
        ),
        "resolve": {"colleagues": (1, 40, 40)},
        "age": {"rigid_rules": {"over_90": 1}, "risk_aversion": {"over_90": 1}},
        "oldest": ["b8", "b12"],
        "helps": {"budget": (2, 1, 1, 1, 1), "reflection": (1, 0, 1, 0, 0)},
        "refusals": {("other", None): 1, ("department", FIN): 1},
        "matrix": {("colleagues", "budget"): 1},
    },
}

#: The URL arguments of each expectation above, for the secretary (departments by name).
FILTERS = {
    "everything": {},
    "period": {"from": "2025-01-01", "to": "2025-03-31"},
    "wijk": {"neighbourhood": "WK999902"},
    "buurt": {"neighbourhood": "BU99990201"},
    "department": {"department": OR},
    "stage": {"stage": "mapping"},
    "theme": {"theme": "green"},
}
#: Expectations for the managers, as (username, URL arguments).
MANAGERS = {"noord": ("noord", {}), "zuid": ("zuid", {})}
