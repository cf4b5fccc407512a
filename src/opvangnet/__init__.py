"""Opvangnet: shelter, placement and victim-status determination for the Dutch chain against trafficking."""
