"""The start page: what each role has to do today, overdue first."""
