"""Reference data: the YAML files beside this module (patterns, site profiles, the person registry,
gazetteers, taxonomies, event kinds, export tables) and `reference`, which loads them once.

The bottom layer with `summitry.records`: it imports nothing of summitry but `records`.
"""
