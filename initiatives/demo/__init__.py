"""Demo data: a believable municipality to try Bricoleur with."""
