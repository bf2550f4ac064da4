"""ecomap: map a person's social capital, expose isolation, suggest connections."""
