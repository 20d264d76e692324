"""Command handlers, one module per group. Each registers itself with @command."""
