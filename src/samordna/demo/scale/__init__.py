"""Synthetic scale data for `manage.py seed_scale`: a county (Västmanland-sized) or the whole country, with ten
years of SIP history, for measuring the app at the size it is meant to serve.

Rows are generated as plain tuples, case by case from one seeded random generator (so a seed always builds the
same set), and written in chunks by `writer.RowWriter`: COPY on PostgreSQL, batched bulk_create elsewhere.
Everything is fictitious: invented names, generated valid personnummer, example.org addresses.
"""
