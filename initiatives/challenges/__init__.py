"""The right to challenge (uitdaagrecht): a kind of case with its proposal, admissibility, decision term, decision and agreement."""
