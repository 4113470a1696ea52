"""Extractors: a parsed `Document` in, mentions with character offsets out.

    entities   names of organizations, programs, parks, places, industries, events (typed mentions)
    resolution mentions grouped into one entity per real-world thing, within and across reports
    metrics    quantities as observations: value, unit, qualifier, period, subject, measure
    relations  typed links between entities, each with its evidence span and status
"""
