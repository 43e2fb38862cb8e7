"""The cases in the JSON API (/api/v1): list, open, read, change and move them, their timeline,
initiators and history. Each module attaches its routes to the API blueprint when imported
(create_app's register_api)."""
