"""Competency reports: a director's team matrix and the organisation's gap heatmap (issue #3)."""
