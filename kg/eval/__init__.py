"""Extraction scored against gold files, and the learned relation decision trained on them."""
