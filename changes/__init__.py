"""The change log: what each committed write changed, for the matching index of every
process to follow. Below every app that writes; imports no task and no app."""
