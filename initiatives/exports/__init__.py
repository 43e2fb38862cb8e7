"""Exports of cases for staff (CSV and XLSX), anonymised unless personal data is asked for and
allowed. `anonymise` is shared with the council report and the case dossier."""
