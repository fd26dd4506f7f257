namespace qd::sim {}
