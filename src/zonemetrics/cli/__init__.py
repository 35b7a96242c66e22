"""The command line: parse, call one library function, render. No logic of its own."""
