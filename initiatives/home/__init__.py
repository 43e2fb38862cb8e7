"""Each role's start page."""
