"""Merging duplicate cases: a case registered twice is merged into the other, its contacts,
timeline, barriers, helps, files, team, themes and stakeholders moved there; undone while neither
case changed since."""
