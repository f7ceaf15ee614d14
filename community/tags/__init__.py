"""The controlled tag set shared by forum topics, lessons learned and library documents."""
