"""Drug knowledge: name resolution, monographs, pharmacologic classes and interaction data.

Everything here is data plus readers; ``knowledge.drugs.catalogue.DrugCatalogue.load()`` reads it all once and is
passed to whoever needs it (nothing is loaded on import, nothing is kept in module globals).
"""
