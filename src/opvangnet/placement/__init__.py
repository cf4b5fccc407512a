"""Placement: matching a victim's needs to free places, and assigning a whole waiting list at once.

`engine` is the pure core (no Django; a package of contract, texts, matching and assignment); the Django side
calls `engine.match` and `engine.assign`.
"""
