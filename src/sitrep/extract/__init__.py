"""Pure extraction stages: text and context in, typed values with evidence out. No I/O here."""
