"""The home page: a panel per role; every package registers the panels it contributes."""
