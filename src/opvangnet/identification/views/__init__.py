"""Pages for victim-status assessment, by subject. Each view: access helper, form, one service, redirect or
render."""
