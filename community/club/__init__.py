"""Club membership and the member directory."""
