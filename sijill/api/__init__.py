"""The JSON API: thin endpoints over the services and selectors of each app, with an OpenAPI schema."""
