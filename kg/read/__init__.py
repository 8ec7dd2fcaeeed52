"""The read side: the catalog, the relation index and the answers, kg ask, the network, exports and the SPARQL protocol."""
