"""Report writers. A writer formats; it decides nothing."""
