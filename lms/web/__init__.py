"""Shared view helpers: forms, pagination, CSV reading, template filters."""
