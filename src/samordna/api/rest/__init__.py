"""The REST API (django-ninja) under /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""
