"""Lists the admin keeps: themes of initiatives and the skills officials use."""
