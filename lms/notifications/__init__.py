"""In-app notifications, their e-mail copies (an outbox a worker delivers) and daily reminders."""
