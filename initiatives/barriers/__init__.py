"""Barriers met inside the town hall (drempels) and the help that resolved them (wat helpt)."""
