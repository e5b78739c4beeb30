"""Contacting drivers: messages and calls (with their offline outbox), message templates, the
driver directory's model."""
