"""Alarm handling: the alarm desk (acknowledge, resolve, escalate, offline outbox), the queue's
models, action plans and shift handover."""
