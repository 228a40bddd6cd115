"""Reading: the strict YAML loader, file discovery and size limits (imports only `issues`)."""
