"""Notifications: what happened on a user's cases (a follow-up due, a hand-over, a decided help...),
in the app, by e-mail at once or in a daily digest, as each user chooses; and the personal
calendar feed of their follow-ups.

Domains below do not know this package: it listens to their signals (connected in `create_app`)
and scans for what is due when `flask notifications deliver` runs. Every notice and every mail is
written in the transaction of the change that caused it, so a change rolled back sends nothing.
"""
