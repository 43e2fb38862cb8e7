"""The export of cases to the municipality's case system through the ZGW APIs (Open Zaak)."""
