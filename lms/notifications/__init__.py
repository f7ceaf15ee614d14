"""In-app notifications (and e-mail when SMTP is configured) for every workflow step."""
