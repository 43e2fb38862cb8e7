"""File sizes as people say them."""


def human_size(size):
    """Return a size in bytes as people say it: 20 MB, 512 kB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{max(1, size // 1024)} kB"
