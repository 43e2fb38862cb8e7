"""Intake: turning a phone call, a visit or an e-mail into a new case."""
