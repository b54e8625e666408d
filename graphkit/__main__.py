"""``python -m graphkit``: the same as the ``graphkit`` command."""
from .cli import main

main()
