"""Pages about the application itself: health check and language choice."""
