"""Praktijkbank knowledge base: data, rules and workflow. No Dash imports here."""
