"""The error for settings that do not allow the app to start."""


class ConfigurationError(RuntimeError):
    """The settings do not allow the app to start; the message says what to fix."""
