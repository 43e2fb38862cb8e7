"""The municipality's own structure: neighbourhoods (wijken, buurten) and departments."""
