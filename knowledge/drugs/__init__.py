"""Drug knowledge: name resolution, monographs, pharmacologic classes and interaction data.

Everything here is data plus loaders; nothing is read until first use (loaders are lazy and cached).
"""
