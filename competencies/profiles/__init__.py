"""Competency profiles: ratings (self and confirmed), evidence, gaps against career targets."""
