"""One reader per file format, each turning a file into the same list of `Piece`s."""
