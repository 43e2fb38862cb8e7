"""The initiators' status page: a secret link the team makes for a case, a public page in plain
Dutch showing where the initiative stands, and a form on it for a message to the wijkmanager."""
