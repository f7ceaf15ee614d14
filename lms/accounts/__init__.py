"""People, departments, roles and authentication."""
