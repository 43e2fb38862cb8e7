"""Keeping an installation safe: backups of the database and the case files, and restoring them."""
