"""The barriers and helps of a case in the JSON API (/api/v1), and their categories. Each module
attaches its routes to the API blueprint when imported (create_app's register_api)."""
