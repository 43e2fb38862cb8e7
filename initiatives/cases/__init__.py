"""The initiative case: from first contact through the five practices to a closed result."""
