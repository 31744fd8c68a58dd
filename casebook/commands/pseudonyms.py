"""The pool `casebook fix` draws invented names from.

Common first names used for people of any gender (so the story's pronouns still fit), short,
easy to read, and unlikely to be mistaken for an ordinary word. `fix` shuffles the pool with
the seed, skips every name that already appears in the story (as a word, in any case) or in
its `pseudonyms:` / `allow:` lists, and gives each real person the next name: the same
input and seed always give the same names.
"""
POOL: tuple[str, ...] = (
    "Alex", "Sam", "Jordan", "Robin", "Morgan", "Charlie", "Jamie", "Casey", "Riley",
    "Avery", "Quinn", "Rowan", "Sasha", "Toni", "Frankie", "Ellis", "Harper", "Jesse",
    "Jules", "Kai", "Logan", "Marley", "Nico", "Noa", "Parker", "Reese", "Remy", "Tate",
    "Teddy", "Ari", "Billie", "Blair", "Cameron", "Dana", "Devon", "Drew", "Emery", "Finley",
    "Hadley", "Hollis", "Jody", "Kendall", "Lane", "Leslie", "Lou", "Mackenzie", "Max",
    "Micah", "Nat", "Oakley", "Peyton", "Ray", "Rory", "Sage", "Shay", "Sydney", "Tam",
    "Terry", "Tristan", "Val", "Wren", "Yael", "Zion", "Arden", "Bo", "Briar", "Kit",
    "Dale", "Darcy", "Eli", "Emerson", "Gale", "Indy", "Jay", "Kim", "Laurie", "Lennon",
    "Mel", "Lindsay", "Nova", "Perry", "Quincy", "Rene", "Robbie", "Sol", "Lee", "Tai",
)
