"""Learning across cases: lessons learned and barrier/help stories for the learning circle."""
