"""Finding facts in a sentence: ``scan`` reads the numbers, ``attributes`` reads the words around them."""
