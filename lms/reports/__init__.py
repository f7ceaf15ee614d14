"""Project reports (pandas): portfolios per PM and department, effort by role over time and the
PMO's organisation figures, built on lms.projects' records."""
