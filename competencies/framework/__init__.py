"""Competency frameworks: a tree of competencies, a proficiency scale, versions and their life cycle."""
