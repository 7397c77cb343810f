"""The seed list of every LAO: import, cleaning, validation and loading."""
