"""Source guides as the assistant serves them: read from the index generation, never rebuilt
per request, turned into cited API responses and into answers to "summarise X" questions."""
