"""Career levels (coordinator, PM, senior PM, programme manager) and their target levels."""
