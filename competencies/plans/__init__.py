"""Development plans: a PM's goals and activities for a period, approved by their director and HR."""
