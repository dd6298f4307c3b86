"""`python -m reviewdesk` works like the `reviewdesk` command."""
import sys

from reviewdesk.desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
