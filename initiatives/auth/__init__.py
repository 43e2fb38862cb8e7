"""Accounts, roles, log-in and personal API tokens."""
