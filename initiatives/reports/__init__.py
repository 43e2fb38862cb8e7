"""Printable documents: the council report (raadsinformatiebrief) and the case dossier."""
