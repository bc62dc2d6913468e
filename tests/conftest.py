"""Shared test setup: the japaguide pytest plugin provides app, client, other_client, runner."""
