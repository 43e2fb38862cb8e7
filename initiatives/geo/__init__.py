"""The shapes of the wijken and buurten (CBS Wijk- en Buurtkaart), for the maps."""
