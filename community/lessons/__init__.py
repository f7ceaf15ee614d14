"""Lessons learned: structured experience from projects, validated by the PMO and discussed in the club."""
