"""axe-core in the browser tests; tests/browser/conftest.py tells the design."""

from .audit import AccessibilityAudit, AccessibilityViolations, audit_of
from .axe import AXE_VERSION, AxeChecker
from .recorder import ServerRecorder

__all__ = [
    "AXE_VERSION",
    "AccessibilityAudit",
    "AccessibilityViolations",
    "AxeChecker",
    "ServerRecorder",
    "audit_of",
]
