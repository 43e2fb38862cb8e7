"""Privacy (AVG): retention of residents' contact data, subject access and erasure."""
