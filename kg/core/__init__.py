"""Settings, typed errors and the vocabulary: what every other part of kg stands on."""
