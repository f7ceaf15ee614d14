"""Project records: projects, baselines, periodic actuals and earned value (lms/reports reads
them)."""
