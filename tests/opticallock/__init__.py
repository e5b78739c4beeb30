"""Tests of the shared domain package."""
