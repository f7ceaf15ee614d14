"""The club's forum: categories, topics, posts, and each reader's place and notification level."""
