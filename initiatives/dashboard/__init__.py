"""The barrier dashboard: where the organisation stands in its own way, and what works against it."""
