"""Training: courses, rooms, classes, enrolment with waitlists, attendance and calendars."""
