"""Pure rules of the routine: categories, deadlines, personnummer; no I/O."""
