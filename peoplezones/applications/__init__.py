"""Applications: the public apply/ask form and the programme team's inbox."""
