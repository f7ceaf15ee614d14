"""The audit log: who changed what, when, on which object, with a before/after summary."""
