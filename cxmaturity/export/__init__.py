"""Everything cxmaturity writes out: tables, decks, reports — as bytes."""
