"""The stakeholder map of a case: who is involved, inside and outside the town hall, and where they stand."""
