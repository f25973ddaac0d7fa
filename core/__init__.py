"""What every app stands on: the one family of domain errors and the API's answer to
them, the collector of field problems, the shape rules of codes and weekly slots,
spreadsheet downloads and the Chinese-text helper. Imports no app of the project."""
