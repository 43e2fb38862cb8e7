"""Where cases take place: a case's point on the map (set by clicking, by two numbers, or from its
address through a geocoder), the map of cases beside the list and in Mijn werk, and the cases as
GeoJSON (`/api/v1/initiatives.geojson`)."""
