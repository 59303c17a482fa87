"""Research pages, split by who uses them: builder.py (coordinators building surveys and
waves), responding.py (residents answering), paper.py (household cards and paper forms),
results.py (results, export and free-text themes); common.py holds what they share."""
